import examples from '@octokit/webhooks-examples';
import { describe, expect, it } from 'vitest';
import { renderTask, templateProblems } from '../../../src/spec/index.ts';

const pullRequestOpened = (examples as unknown as { name: string; examples: Record<string, unknown>[] }[])
  .find((e) => e.name === 'pull_request')
  ?.examples.find((x) => x.action === 'opened') as Record<string, unknown>;

describe('renderTask', () => {
  it('substitutes nested paths of a real payload', () => {
    const result = renderTask(
      'Review #{{ pull_request.number }} "{{pull_request.title}}" from {{ pull_request.head.ref }} into {{ pull_request.base.ref }} in {{ repository.full_name }}.',
      pullRequestOpened,
    );
    expect(result).toEqual({
      text: 'Review #2 "Update the README with new information." from changes into master in Codertocat/Hello-World.',
      missing: [],
    });
  });

  it('reads array indexes in dot and bracket form', () => {
    const context = { commits: [{ id: 'abc' }, { id: 'def' }] };
    expect(renderTask('{{ commits.0.id }} {{ commits[1].id }}', context).text).toBe('abc def');
  });

  it('renders missing paths as empty and lists each once, in order', () => {
    const result = renderTask('A{{ issue.number }}B{{ pull_request.nope.deeper }}C{{ issue.number }}', {
      pull_request: { number: 1 },
    });
    expect(result).toEqual({ text: 'ABC', missing: ['issue.number', 'pull_request.nope.deeper'] });
  });

  it('formats numbers, booleans, null and objects', () => {
    const context = { n: 0, t: false, z: null, o: { a: [1, 2] } };
    expect(renderTask('{{n}}|{{t}}|{{z}}|{{o}}', context)).toEqual({
      text: '0|false||{"a":[1,2]}',
      missing: [],
    });
  });

  it('never reads the prototype chain', () => {
    const result = renderTask('{{ constructor.name }}{{ __proto__ }}{{ a.toString }}', { a: {} });
    expect(result).toEqual({ text: '', missing: ['constructor.name', '__proto__', 'a.toString'] });
  });

  it('treats malformed placeholders as missing and executes nothing', () => {
    const result = renderTask('{{ process.exit(1) }}{{ a b }}', { process: { exit: 1 } });
    expect(result).toEqual({ text: '', missing: ['process.exit(1)', 'a b'] });
  });

  it('lets the caller format (e.g. fence) each value', () => {
    const result = renderTask('Title: {{ pull_request.title }}', pullRequestOpened, {
      format: (value, path) => `<data source="${path}">${String(value)}</data>`,
    });
    expect(result.text).toBe(
      'Title: <data source="pull_request.title">Update the README with new information.</data>',
    );
  });
});

describe('templateProblems', () => {
  it('accepts dotted paths and reports the rest', () => {
    expect(templateProblems('Fix #{{ issue.number }} ({{ issue.labels[0].name }})')).toEqual([]);
    expect(templateProblems('{{ issue number }} and {{ open')).toEqual([
      'invalid placeholder "{{ issue number }}"; expected a dotted path like {{ pull_request.number }}',
      'unclosed "{{"; expected a placeholder like {{ pull_request.number }}',
    ]);
  });
});
