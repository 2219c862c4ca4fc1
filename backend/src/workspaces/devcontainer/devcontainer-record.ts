import { SandboxProfile } from '../../config/profiles.js';
import { DevcontainerRecord } from '../../store/records.js';
import { DevcontainerError, parseDevcontainer } from './devcontainer-config.js';

/**
 * What a devcontainer.json becomes on this server: the profile to use (the one with its image,
 * among those the owner may use, else the workspace's own) and what is kept of it, with notes
 * saying what was applied and what was not.
 */
export function devcontainerRecord(text: string, current: SandboxProfile, usable: SandboxProfile[], inRegistry: (extensionId: string) => boolean): { profile: SandboxProfile; record: DevcontainerRecord } {
    let plan;
    try {
        plan = parseDevcontainer(text);
    } catch (error) {
        if (error instanceof DevcontainerError) {
            return { profile: current, record: { forwardPorts: [], extensions: [], containerEnv: {}, notes: [`${error.message}: nothing of it was applied`] } };
        }
        throw error;
    }
    const notes: string[] = [];
    let profile = current;
    if (plan.image) {
        const matching = current.image === plan.image ? current : usable.find(candidate => candidate.image === plan.image);
        if (matching) {
            profile = matching;
            notes.push(`image ${plan.image}: profile ${matching.name}`);
        } else {
            const offered = [...new Set(usable.map(candidate => candidate.image))].join(', ');
            notes.push(`image ${plan.image} is not one this server offers you (${offered}): the workspace uses profile ${current.name} (${current.image})`);
        }
    }
    const envNames = Object.keys(plan.containerEnv);
    if (envNames.length > 0) {
        notes.push(`containerEnv: ${envNames.join(', ')} set`);
    }
    if (plan.forwardPorts.length > 0) {
        notes.push(`forwardPorts: ${plan.forwardPorts.join(', ')} offered in the IDE once something listens on them`);
    }
    if (plan.postCreateCommand) {
        notes.push('postCreateCommand: run once after the first start');
    }
    const available = plan.extensions.filter(inRegistry);
    const missing = plan.extensions.filter(id => !inRegistry(id));
    if (available.length > 0) {
        notes.push(profile.allowUserExtensions
            ? `extensions ${available.join(', ')}: installed from this server's registry (read-only, like a profile's pinned ones)`
            : `extensions ${available.join(', ')}: not installed, profile ${profile.name} does not let users add extensions`);
    }
    if (missing.length > 0) {
        notes.push(`extensions ${missing.join(', ')}: not in this server's registry (an admin uploads them on the admin page), not installed`);
    }
    if (plan.unsupported.length > 0) {
        notes.push(`not supported here, ignored: ${plan.unsupported.join(', ')}`);
    }
    return {
        profile,
        record: {
            ...(plan.postCreateCommand ? { postCreateCommand: plan.postCreateCommand } : {}),
            forwardPorts: plan.forwardPorts,
            extensions: available,
            containerEnv: plan.containerEnv,
            notes
        }
    };
}
