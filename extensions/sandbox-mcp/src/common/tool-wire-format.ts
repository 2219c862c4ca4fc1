/* The wire format of tool calls has one home, the gateway-sandbox contract; the tools use it from here. */
export {
    MAX_TOOL_REQUEST_BYTES, TOOL_CALL_CONTENT_TYPE, ToolCallErrorBody, ToolCallLine, ToolCallRequest, ToolProgressLine, ToolResultLine, ToolTextContent
} from '@ide/sandbox-contract/lib/tool-call';
export { TOOL_CALL_PATH } from '@ide/sandbox-contract/lib/control-channel';
