/**
 * Kafka's topic-name rules (the broker's `Topic.validate`), checked before a request is sent so the error can name
 * the offending character. Pure.
 */

/** Longest legal topic name (the broker's limit: 249 characters). */
export const MAX_TOPIC_NAME_LENGTH = 249;

export interface TopicNameCheck {
  /** The reason the broker would refuse the name, or undefined when it is legal. */
  error?: string;
  /** Legal but risky (collisions in metric names). */
  warnings: string[];
}

const LEGAL = /^[a-zA-Z0-9._-]$/;

/** Checks a topic name against Kafka's rules: [a-zA-Z0-9._-], 1..249 characters, not "." or "..". */
export function checkTopicName(name: string): TopicNameCheck {
  const warnings: string[] = [];
  if (name.length === 0) return { error: 'A topic name cannot be empty', warnings };
  if (name === '.' || name === '..') return { error: `"${name}" is not allowed as a topic name`, warnings };
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return { error: `The topic name is ${name.length} characters long; Kafka allows at most ${MAX_TOPIC_NAME_LENGTH}`, warnings };
  }
  for (let i = 0; i < name.length; i++) {
    const ch = String.fromCodePoint(name.codePointAt(i)!);
    if (!LEGAL.test(ch)) {
      return { error: `The topic name contains ${describeChar(ch)} at position ${i + 1}; only letters, digits, ".", "_" and "-" are allowed`, warnings };
    }
  }
  if (name.includes('.') && name.includes('_')) {
    warnings.push(`"${name}" mixes "." and "_": Kafka's metric names turn "." into "_", so it could collide with a topic that differs only there`);
  }
  if (name.startsWith('__')) warnings.push(`"${name}" starts with "__", which Kafka uses for its internal topics`);
  return { warnings };
}

/** The name in a human-readable form: a space is "a space", a control character its code. */
function describeChar(ch: string): string {
  if (ch === ' ') return 'a space (" ")';
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f) return `the control character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${ch}"`;
}

/** Two names Kafka treats as colliding ("a.b" and "a_b"). */
export function topicNamesCollide(a: string, b: string): boolean {
  return a !== b && a.replace(/\./g, '_') === b.replace(/\./g, '_');
}
