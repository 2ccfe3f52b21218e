/**
 * Start-up check of the shared secrets. The defaults in the code and in .env.example are public, and a short
 * one is guessable: on any address other people can reach they would let anyone read applications from the
 * staff API or forge status webhooks. On loopback only (a developer's machine, `npm start` with no
 * configuration) they are allowed with a warning, so a fresh checkout still starts.
 */
export const MIN_SECRET_LENGTH = 32;
const DEFAULT_PREFIX = 'dev-only-';

export interface WeakSecret {
  name: string;
  why: 'default' | 'short';
}

export function weakSecrets(secrets: Record<string, string | undefined>): WeakSecret[] {
  const out: WeakSecret[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    if (value === undefined) continue;
    if (value.startsWith(DEFAULT_PREFIX) || /change-?me/i.test(value)) out.push({ name, why: 'default' });
    else if (value.length < MIN_SECRET_LENGTH) out.push({ name, why: 'short' });
  }
  return out;
}

/** Reachable from this machine only: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

function line(w: WeakSecret): string {
  return w.why === 'default'
    ? `${w.name} 仍是公开的默认值（dev-only-…），请改成至少 ${MIN_SECRET_LENGTH} 个字符的随机串（${w.name} is the public default; set a random value of at least ${MIN_SECRET_LENGTH} characters）`
    : `${w.name} 太短（少于 ${MIN_SECRET_LENGTH} 个字符），容易被猜出（${w.name} is shorter than ${MIN_SECRET_LENGTH} characters）`;
}

export const GENERATE_HINT = "生成随机密钥（generate one）：node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"";

/**
 * What start-up does about weak secrets: `refuse` (listening beyond loopback) with one line per variable,
 * `warn` (loopback only), or nothing.
 */
export function secretsVerdict(host: string, secrets: Record<string, string | undefined>): { refuse?: string[]; warn?: string[] } {
  const weak = weakSecrets(secrets);
  if (weak.length === 0) return {};
  const lines = weak.map(line);
  if (isLoopbackHost(host)) return { warn: lines };
  return {
    refuse: [
      ...lines,
      `当前监听 ${host}，其他机器可以访问：弱密钥时拒绝启动；只在本机试用请设 HOST=127.0.0.1（listening on ${host}: weak secrets refused; use HOST=127.0.0.1 to try it locally）`,
      GENERATE_HINT,
    ],
  };
}
