import * as path from 'path';
import { pathToFileURL } from 'url';

export interface SchemaAssociation {
    fileMatch: string[];
    uri: string;
}

/** The schemas this extension ships in schemas/, matched by file name (no schema is ever downloaded). */
export function jsonSchemaAssociations(extensionPath: string): SchemaAssociation[] {
    const schema = (file: string) => pathToFileURL(path.join(extensionPath, 'schemas', file)).toString();
    return [
        { fileMatch: ['package.json'], uri: schema('package.schema.json') },
        { fileMatch: ['tsconfig.json', 'tsconfig.*.json', 'jsconfig.json'], uri: schema('tsconfig.schema.json') },
        { fileMatch: ['**/.ide/gates.json'], uri: schema('gates.schema.json') }
    ];
}
