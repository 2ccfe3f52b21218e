import { ApiError } from './contract/errors.js';
import { signedFetch } from './signed-fetch.js';
import { CompanyRecord, PersonRecord, type SharedDataProvider } from './contract/shared-data.js';

export interface HttpSharedDataOptions {
  /** e.g. http://127.0.0.1:3979/v1/shared-data (the reference backend) or the platform's gateway */
  baseUrl: string;
  /** signs requests like the backend client; leave out for a gateway that authenticates otherwise */
  secret?: string;
  /** sent as Authorization: Bearer … when the gateway wants a token */
  token?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** GET {baseUrl}/persons/{idNumber} and /companies/{uscc}; 404 means no record. */
export class HttpSharedData implements SharedDataProvider {
  constructor(private readonly o: HttpSharedDataOptions) {}

  async lookupPerson(idNumber: string): Promise<PersonRecord | null> {
    const json = await this.get(`/persons/${encodeURIComponent(idNumber.trim().toUpperCase())}`);
    return json === null ? null : PersonRecord.parse(json);
  }

  async lookupCompany(uscc: string): Promise<CompanyRecord | null> {
    const json = await this.get(`/companies/${encodeURIComponent(uscc.trim().toUpperCase())}`);
    return json === null ? null : CompanyRecord.parse(json);
  }

  private async get(path: string): Promise<unknown> {
    try {
      const r = await signedFetch(
        this.o.baseUrl,
        this.o.secret,
        { method: 'GET', path, timeoutMs: this.o.timeoutMs ?? 5000, ...(this.o.token ? { headers: { Authorization: `Bearer ${this.o.token}` } } : {}) },
        this.o.fetch,
      );
      return r.json;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }
}
