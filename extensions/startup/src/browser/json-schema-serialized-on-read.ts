import { injectable } from '@theia/core/shared/inversify';
import { JsonSchemaDataStore } from '@theia/core/lib/browser/json-schema-store';
import { IJSONSchema } from '@theia/core/lib/common/json-schema';
import URI from '@theia/core/lib/common/uri';

/**
 * Theia's store serialises a schema each time one is set, and the settings' schemas (four, each with every
 * preference) are set again on every change to the preference schema, which the built-in extensions' settings
 * make while the user opens the first file: 80 ms each time. They are read only when a settings or tasks file
 * is validated, so this store serialises a schema when it is first read, then keeps the text.
 */
@injectable()
export class JsonSchemaSerializedOnRead extends JsonSchemaDataStore {
    private readonly unserialized = new Map<string, IJSONSchema>();

    override hasSchema(uri: URI): boolean {
        return this.unserialized.has(uri.toString()) || super.hasSchema(uri);
    }

    override getSchema(uri: URI): string | undefined {
        const key = uri.toString();
        const schema = this.unserialized.get(key);
        if (schema) {
            this._schemas.set(key, JSON.stringify(schema));
            this.unserialized.delete(key);
        }
        return super.getSchema(uri);
    }

    override setSchema(uri: URI, schema: IJSONSchema | string): void {
        const key = uri.toString();
        if (typeof schema === 'string') {
            this.unserialized.delete(key);
            this._schemas.set(key, schema);
        } else {
            this._schemas.delete(key);
            this.unserialized.set(key, schema);
        }
        this.notifySchemaUpdate(uri);
    }

    override deleteSchema(uri: URI): void {
        const key = uri.toString();
        if (this.unserialized.delete(key) || this._schemas.delete(key)) {
            this.notifySchemaUpdate(uri);
        }
    }
}
