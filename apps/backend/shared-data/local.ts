import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { ZH } from '../../../src/acceptance/contract/errors.js';
import { CompanyRecord, PersonRecord, type SharedDataProvider } from '../../../src/acceptance/contract/shared-data.js';

const SampleFile = z.object({ source: z.string(), persons: z.array(PersonRecord).default([]), companies: z.array(CompanyRecord).default([]) }).strict();

export const DEFAULT_SAMPLES = 'knowledge/samples/shared-data.yaml';

/** Sample records from a YAML file: the whole path runs on one machine without a real register. */
export class LocalSharedData implements SharedDataProvider {
  private constructor(
    private readonly persons: Map<string, PersonRecord>,
    private readonly companies: Map<string, CompanyRecord>,
  ) {}

  /** Refuses a file with a record whose check character is wrong: samples must pass the form too. */
  static async load(file: string = DEFAULT_SAMPLES): Promise<LocalSharedData> {
    const parsed = SampleFile.safeParse(parse(await readFile(file, 'utf8')), ZH);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`共享数据样例文件 ${file} 有误（invalid sample file）：${where}`);
    }
    return new LocalSharedData(
      new Map(parsed.data.persons.map((p) => [p.idNumber.toUpperCase(), p])),
      new Map(parsed.data.companies.map((c) => [c.uscc.toUpperCase(), c])),
    );
  }

  async lookupPerson(idNumber: string): Promise<PersonRecord | null> {
    return this.persons.get(idNumber.trim().toUpperCase()) ?? null;
  }

  async lookupCompany(uscc: string): Promise<CompanyRecord | null> {
    return this.companies.get(uscc.trim().toUpperCase()) ?? null;
  }
}
