#!/usr/bin/env -S node --expose-gc --max-semi-space-size=64 --initial-old-space-size=1024
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`| head`) closes the pipe: that ends the command quietly, as for any Unix tool.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
