// Types for cli/serve.mjs (kept as plain JavaScript so any script or test can import it without a TS loader).
import type { Server } from 'node:http';

/** Resolves a URL path inside `root`, or returns null when it would escape it. */
export function safePath(root: string, urlPath: string): string | null;

/** Serves `root` on 127.0.0.1:`port` (0 = any free port); `csp` is sent as the Content-Security-Policy header. */
export function serveStatic(root: string, options?: { port?: number; csp?: string }): Promise<{ server: Server; url: string }>;
