import { FrontendApplicationContribution } from '@theia/core/lib/browser';
import { ContainerModule } from '@theia/core/shared/inversify';
import { AIActivationService, AIActivationServiceImpl } from '@theia/ai-core/lib/browser/ai-activation-service';
import { SkillPromptCoordinator } from '@theia/ai-core/lib/browser/skill-prompt-coordinator';
import { TextmateRegistry } from '@theia/monaco/lib/browser/textmate/textmate-registry';
import { AIFeaturesOff, SkillCommandsOff } from './ai-features-off';
import { TextmateRegistryFetchingGrammars } from './textmate-registry-fetching-grammars';

export default new ContainerModule((bind, _unbind, _isBound, rebind) => {
    bind(AIFeaturesOff).toSelf().inSingletonScope();
    rebind(AIActivationService).toService(AIFeaturesOff);
    // ai-core binds its FrontendApplicationContribution to AIActivationService, so ours is initialized instead;
    // the default implementation stays bound for whatever injects it by class.
    rebind(AIActivationServiceImpl).toService(AIFeaturesOff);
    // ai-core's FrontendApplicationContribution binding is to this service, so the coordinator never starts.
    rebind<FrontendApplicationContribution>(SkillPromptCoordinator).to(SkillCommandsOff).inSingletonScope();
    rebind(TextmateRegistry).to(TextmateRegistryFetchingGrammars).inSingletonScope();
});
