import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IGrammar, ITokenizeLineResult2, StateStack } from 'vscode-textmate';
import { linesTokenizedAgainWhenCut } from './lines-tokenized-again-when-cut';

/** A grammar whose first `cuts` tokenizations of a line stop early, as when its scanners are still being compiled. */
function grammarCutting(cuts: number): { grammar: IGrammar; calls: number[] } {
    const calls: number[] = [];
    const state = {} as StateStack;
    const tokenize = (timeLimit?: number): ITokenizeLineResult2 => {
        calls.push(timeLimit ?? 0);
        return { tokens: new Uint32Array(calls.length <= cuts ? 2 : 6), ruleStack: state, stoppedEarly: calls.length <= cuts, fonts: [] };
    };
    return {
        calls,
        grammar: {
            tokenizeLine: (_line, _state, timeLimit) => ({ ...tokenize(timeLimit), tokens: [] }),
            tokenizeLine2: (_line, _state, timeLimit) => tokenize(timeLimit)
        }
    };
}

test('a line cut by the time limit is tokenized once more, with the same limit', () => {
    const { grammar, calls } = grammarCutting(1);
    const result = linesTokenizedAgainWhenCut(grammar).tokenizeLine2('export const answer: number = 42;', null, 500);
    assert.equal(result.stoppedEarly, false);
    assert.equal(result.tokens.length, 6);
    assert.deepEqual(calls, [500, 500]);
});

test('a line tokenized in time is tokenized once; a line cut twice is left cut', () => {
    const inTime = grammarCutting(0);
    linesTokenizedAgainWhenCut(inTime.grammar).tokenizeLine2('const a = 1;', null, 500);
    assert.deepEqual(inTime.calls, [500]);
    const slow = grammarCutting(5);
    assert.equal(linesTokenizedAgainWhenCut(slow.grammar).tokenizeLine('x'.repeat(10_000), null, 500).stoppedEarly, true);
    assert.deepEqual(slow.calls, [500, 500]);
});
