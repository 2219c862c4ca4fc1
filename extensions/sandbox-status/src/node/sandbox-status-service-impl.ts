import { injectable } from '@theia/core/shared/inversify';
import { SandboxInfo, SandboxStatusService } from '../common/sandbox-status-protocol';
import { readSandboxInfo } from './sandbox-info';

@injectable()
export class SandboxStatusServiceImpl implements SandboxStatusService {
    async getSandboxInfo(): Promise<SandboxInfo> {
        return readSandboxInfo();
    }
}
