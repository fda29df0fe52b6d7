#!/usr/bin/env node
// The `hntm` command: runs the TypeScript CLI through tsx, so `npx hntm …` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
