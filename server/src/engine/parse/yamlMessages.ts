import type { ErrorCode } from 'yaml';
import { excerpt } from '../util/excerpt';

/**
 * What each of the yaml package's error codes means, said for a person who
 * edits a manifest or a rule file rather than for a programmer who calls the
 * library ("please use YAML.parseAllDocuments()", "Maximum call stack size
 * exceeded"). Where a code covers several situations and the library's words
 * name the one at hand ("Missing closing "quote"), they follow the sentence;
 * where its words are the library's own ("flow-seq-end token"), the sentence
 * names the text found there instead.
 */
/** A sentence, or one that names the text found where the error is (already an excerpt, never empty). */
type Sentence = string | ((found: string) => string);

const SENTENCES: Readonly<Record<ErrorCode, { readonly sentence: Sentence; readonly keepDetail?: true }>> = {
  ALIAS_PROPS: { sentence: 'an alias (*name) cannot have an anchor (&name) or a tag (!tag) of its own' },
  BAD_ALIAS: { sentence: 'an anchor (&name) or alias (*name) needs a name' },
  BAD_DIRECTIVE: { sentence: 'a line starting with "%" is a YAML directive, and this one is not valid; quote the value if "%" is part of it', keepDetail: true },
  BAD_DQ_ESCAPE: { sentence: 'text in double quotes has a backslash that starts no valid escape; write \\\\ for a backslash, or use single quotes', keepDetail: true },
  BAD_INDENT: { sentence: 'the indentation does not line up: items of one list or mapping must start in the same column, deeper than their parent', keepDetail: true },
  BAD_PROP_ORDER: { sentence: 'an anchor (&name) or tag (!tag) must come after the "-" or "?" of an item, not before it' },
  BAD_SCALAR_START: { sentence: 'a value cannot start with this character; put the value in quotes', keepDetail: true },
  BLOCK_AS_IMPLICIT_KEY: { sentence: 'a key is followed by another "key:" on the same line; start the inner mapping on a new, indented line, or write it as { key: value }' },
  BLOCK_IN_FLOW: { sentence: 'inside [ ] or { } items are separated by commas: a "- " list or an indented mapping cannot appear there' },
  DUPLICATE_KEY: { sentence: (key) => `"${key}" is written a second time in this mapping; befw reads the first one and ignores this one: keep one` },
  IMPOSSIBLE: { sentence: 'the YAML reader met a construct it cannot place here', keepDetail: true },
  KEY_OVER_1024_CHARS: { sentence: 'a key is longer than 1,024 characters (or a line lacks its ":"); write long text as a value' },
  MISSING_CHAR: { sentence: 'a character the YAML syntax needs is missing', keepDetail: true },
  MULTILINE_IMPLICIT_KEY: { sentence: 'a key runs over more than one line, or a line lacks the ":" after its key' },
  MULTIPLE_ANCHORS: { sentence: 'a value can have only one anchor (&name)' },
  MULTIPLE_DOCS: { sentence: 'the file holds more than one YAML document (a "---" line starts another); befw reads one document per file: remove the second or move it to a file of its own' },
  MULTIPLE_TAGS: { sentence: 'a value can have only one tag (!tag)' },
  NON_STRING_KEY: { sentence: 'keys must be plain text, not lists or mappings' },
  RESOURCE_EXHAUSTION: { sentence: 'the YAML reader ran out of room for this file (lists or mappings nested too deeply, or values too large); befw cannot read it' },
  TAB_AS_INDENT: { sentence: 'a tab is used for indentation; YAML indents with spaces only' },
  TAG_RESOLVE_FAILED: { sentence: 'a value does not fit its tag (!!int, !!bool …), or the tag is unknown; remove the tag', keepDetail: true },
  UNEXPECTED_TOKEN: { sentence: (found) => `"${found}" is not where the YAML syntax expects it; check the indentation, commas and brackets around it` },
  BAD_COLLECTION_TYPE: { sentence: 'a tag says list where there is a mapping, or the other way round; remove the tag' },
};

/**
 * The message of a YAML error: the sentence for its code and, where it helps,
 * the library's own words or the text `found` where the error is (an excerpt
 * of either: they may hold a token of any length).
 */
export function yamlErrorMessage(code: ErrorCode, libraryMessage: string, found: string): string {
  const { sentence, keepDetail } = SENTENCES[code] ?? { sentence: 'the file is not valid YAML', keepDetail: true };
  const text = typeof sentence === 'string' ? sentence : sentence(excerpt(found.trim()) || 'this');
  const detail = keepDetail ? excerpt(firstLine(libraryMessage)) : '';
  return detail ? `YAML: ${text} (${detail})` : `YAML: ${text}`;
}

/** The codes that have a sentence: every code of the yaml package. */
export const YAML_ERROR_CODES = Object.keys(SENTENCES) as ErrorCode[];

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}
