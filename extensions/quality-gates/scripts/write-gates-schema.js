#!/usr/bin/env node
// Writes schema/gates.schema.json from the zod schema of .ide/gates.json (after tsc; `npm run build` does both).
// gates-config.test fails when the file is stale.
const fs = require('fs');
const path = require('path');
const { gatesJsonSchema } = require('../lib/node/gates-config-schema');

const file = path.join(__dirname, '..', 'schema', 'gates.schema.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify(gatesJsonSchema(), undefined, 2) + '\n');
