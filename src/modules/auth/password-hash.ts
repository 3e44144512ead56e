import * as argon2 from 'argon2';

/**
 * argon2id at one of OWASP's recommended settings: 46 MiB, 1 pass, 1 lane (45 ms per check here).
 * The library's default is 64 MiB, 3 passes and 4 lanes (107 ms, 156 ms of CPU), and a login held
 * 64 MiB while it ran: one lifted the server's peak memory past 200 MB, 16 at once asked for 1 GiB.
 * OWASP's 19 MiB setting is cheaper still, but glibc keeps blocks under 32 MiB in the arena of
 * the thread pool thread that freed them: the server's resting memory rose by 75 MB. 46 MiB is
 * mapped for each check and handed back at once (bench/README.md, "Fourth round").
 */
export const PASSWORD_HASHING = { type: argon2.argon2id, memoryCost: 47_104, timeCost: 1, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASHING);
}

/** Whether `password` matches `hash`; a hash made at other settings is checked at its own. */
export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password);
}

/** Whether a stored hash was made at other settings and is made again at the next good login. */
export function hashedAtOtherSettings(hash: string): boolean {
  return argon2.needsRehash(hash, PASSWORD_HASHING);
}
