import * as fs from 'node:fs';
import * as os from 'node:os';
import type { EndpointFacts } from '../../domain/docker/engineEndpoint';

/** The real file system and environment, for endpoint resolution. */
export function hostEndpointFacts(setting: string, env: Record<string, string | undefined> = process.env): EndpointFacts {
  return {
    setting,
    env,
    platform: process.platform,
    homeDir: env.HOME || os.homedir(),
    uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
    readFile: (p) => { try { return fs.readFileSync(p, 'utf8'); } catch { return undefined; } },
    listDir: (p) => { try { return fs.readdirSync(p); } catch { return []; } },
    exists: (p) => { try { fs.statSync(p); return true; } catch { return false; } },
  };
}
