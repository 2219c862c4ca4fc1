import type { IGrammar } from 'vscode-textmate';

/**
 * Theia tokenizes a line with a 500 ms limit. The first line of a language's first file also pays for compiling the
 * grammar's scanners, which on a loaded machine or a slow client takes longer: the line was cut (`stoppedEarly`)
 * and Monaco kept its tokens, the rest of the line in its first token's colour, until the line was edited. A cut
 * line is tokenized once more, its scanners compiled by then; a line that is slow on its own is cut again.
 */
export function linesTokenizedAgainWhenCut(grammar: IGrammar): IGrammar {
    return {
        tokenizeLine: (lineText, prevState, timeLimit) => {
            const result = grammar.tokenizeLine(lineText, prevState, timeLimit);
            return result.stoppedEarly ? grammar.tokenizeLine(lineText, prevState, timeLimit) : result;
        },
        tokenizeLine2: (lineText, prevState, timeLimit) => {
            const result = grammar.tokenizeLine2(lineText, prevState, timeLimit);
            return result.stoppedEarly ? grammar.tokenizeLine2(lineText, prevState, timeLimit) : result;
        }
    };
}
