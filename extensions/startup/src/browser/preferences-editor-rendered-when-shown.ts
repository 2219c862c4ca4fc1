import { injectable } from '@theia/core/shared/inversify';
import { Message } from '@theia/core/shared/@lumino/messaging';
import { PreferencesEditorWidget } from '@theia/preferences/lib/browser/views/preference-editor-widget';
import { PreferenceFilterChangeEvent, PreferenceFilterChangeSource } from '@theia/preferences/lib/browser/preference-tree-model';

/** In the order they are replayed: the schema builds the rows the scope and the search then filter. */
const REPLAY_ORDER = [PreferenceFilterChangeSource.Schema, PreferenceFilterChangeSource.Scope, PreferenceFilterChangeSource.Search];

/**
 * The Settings editor builds a row for every preference of the IDE on each schema change (every extension
 * contributes some while it starts), also while nobody looks at it: before it is first attached, and once closed.
 * While it is not shown, changes are noted; the next show replays each kind once.
 */
@injectable()
export class PreferencesEditorRenderedWhenShown extends PreferencesEditorWidget {
    protected readonly pendingChanges = new Set<PreferenceFilterChangeSource>();

    protected override handleDisplayChange(event: PreferenceFilterChangeEvent): void {
        if (this.isVisible) {
            super.handleDisplayChange(event);
        } else {
            this.pendingChanges.add(event.source);
        }
    }

    protected override onAfterAttach(message: Message): void {
        super.onAfterAttach(message);
        this.replayPendingChanges();
    }

    protected override onAfterShow(message: Message): void {
        super.onAfterShow(message);
        this.replayPendingChanges();
    }

    protected replayPendingChanges(): void {
        if (!this.isVisible) {
            return;
        }
        const sources = REPLAY_ORDER.filter(source => this.pendingChanges.has(source));
        this.pendingChanges.clear();
        sources.forEach(source => super.handleDisplayChange({ source }));
    }
}
