import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Everything `/metrics` exposes, in the Prometheus text format; one registry per gateway. */
export class GatewayMetrics {
    readonly registry = new Registry();

    readonly sandboxes: Gauge<'state'>;

    readonly sandboxStartSeconds = new Histogram({
        name: 'ide_sandbox_start_seconds',
        help: 'From the start request to the sandbox IDE answering',
        buckets: [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64],
        registers: [this.registry]
    });

    readonly proxyRequests = new Counter({
        name: 'ide_proxy_requests_total',
        help: 'Browser requests relayed to sandboxes, by kind (http, websocket) and outcome',
        labelNames: ['kind', 'outcome'] as const,
        registers: [this.registry]
    });

    readonly mcpToolCalls = new Counter({
        name: 'ide_mcp_tool_calls_total',
        help: 'Agent tool calls over MCP, by tool and outcome',
        labelNames: ['tool', 'outcome'] as const,
        registers: [this.registry]
    });

    readonly llmTokens = new Counter({
        name: 'ide_llm_tokens_total',
        help: 'Model tokens metered by the gateway\'s model proxy, by model and kind (input, output, cache_write, cache_read)',
        labelNames: ['model', 'kind'] as const,
        registers: [this.registry]
    });

    readonly llmCostUsd = new Counter({
        name: 'ide_llm_cost_usd_total',
        help: 'Model spend in US dollars metered by the gateway, by model',
        labelNames: ['model'] as const,
        registers: [this.registry]
    });

    /** `countSandboxes` is asked at each scrape; when the engine does not answer, the last counts stay. */
    constructor(countSandboxes: () => Promise<{ running: number; starting: number }>) {
        collectDefaultMetrics({ register: this.registry, prefix: 'ide_gateway_' });
        this.sandboxes = new Gauge({
            name: 'ide_sandboxes',
            help: 'Sandboxes of this gateway by state (running, starting)',
            labelNames: ['state'] as const,
            registers: [this.registry],
            async collect() {
                const counts = await countSandboxes().catch(() => undefined);
                if (counts) {
                    this.set({ state: 'running' }, counts.running);
                    this.set({ state: 'starting' }, counts.starting);
                }
            }
        });
    }
}
