import { Emitter, Event } from '@theia/core';
import { FrontendApplicationContribution } from '@theia/core/lib/browser';
import { ContextKeyService } from '@theia/core/lib/browser/context-key-service';
import { inject, injectable } from '@theia/core/shared/inversify';
import { AIActivationService, ENABLE_AI_CONTEXT_KEY } from '@theia/ai-core/lib/browser/ai-activation-service';

/**
 * `@theia/plugin-ext` depends on `@theia/ai-core` and `@theia/ai-mcp` (for the `vscode.lm` and MCP APIs), whose
 * default activation marks Theia AI on. Our product's AI is the AI Tasks view, which goes through the gateway's
 * model proxy; Theia AI stays off, so its views and commands (gated on ENABLE_AI_CONTEXT_KEY) never appear. No
 * language model provider package is in the app either, so nothing could call a model even if it were on.
 */
@injectable()
export class AIFeaturesOff implements AIActivationService, FrontendApplicationContribution {
    @inject(ContextKeyService) protected readonly contextKeyService!: ContextKeyService;

    readonly isActive = false;
    readonly canRun = false;
    protected readonly never = new Emitter<boolean>();

    get onDidChangeActiveStatus(): Event<boolean> {
        return this.never.event;
    }

    get onDidChangeCanRun(): Event<boolean> {
        return this.never.event;
    }

    initialize(): void {
        this.contextKeyService.createKey(ENABLE_AI_CONTEXT_KEY, false);
    }
}

/**
 * With Theia AI off no skill becomes a prompt command; Theia's coordinator would otherwise hold up the IDE's
 * start (its onStart waits until the workspace's skill folders are read through the sandbox).
 */
@injectable()
export class SkillCommandsOff implements FrontendApplicationContribution { }
