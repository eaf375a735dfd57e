import { Fragment, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { optionKey, pickerOptions, sourcePathText, type PickerOption, type SourceGroup } from '../utils/mappingSource.ts';
import { part } from '../utils/part.ts';
import type { EditorClassNames } from './context.ts';

export interface SourcePickerProps {
  /** The input's id, for the row's `<label>`. */
  id: string;
  /** The chosen source path; `''` for none. */
  value: string;
  onChange: (path: string) => void;
  groups: readonly SourceGroup[];
  /** Names the list of source fields. */
  label: string;
  invalid?: boolean;
  required?: boolean;
  describedBy?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
  classNames: EditorClassNames;
}

const NO_OPTIONS: PickerOption[] = [];

/**
 * A searchable choice of source field: a combobox with a list autocomplete (WAI-ARIA APG). Typing filters by label
 * and path and highlights the first match; arrows move, Enter chooses, Escape closes and restores, and the list stays
 * in the DOM only while open.
 */
export function SourcePicker({
  id,
  value,
  onChange,
  groups,
  label,
  invalid,
  required,
  describedBy,
  inputRef,
  classNames,
}: SourcePickerProps) {
  const [open, setOpen] = useState(false);
  /** What the user typed; `null` while the input shows the chosen field. */
  const [query, setQuery] = useState<string | null>(null);
  /** The highlighted option's key; `null` highlights the first. */
  const [active, setActive] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const options = useMemo(() => (open ? pickerOptions(groups, query ?? '') : NO_OPTIONS), [open, groups, query]);
  const activeIndex = active === null ? (options.length > 0 ? 0 : -1) : options.findIndex((option) => option.key === active);
  const expanded = open && options.length > 0;
  const listId = `${id}-listbox`;
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    if (!expanded || activeIndex < 0) return;
    // jsdom has no scrollIntoView; browsers do.
    listRef.current?.ownerDocument.getElementById(optionId(activeIndex))?.scrollIntoView?.({ block: 'nearest' });
  });

  const close = () => {
    setOpen(false);
    setQuery(null);
    setActive(null);
  };
  const choose = (option: PickerOption) => {
    close();
    if (option.path !== value) onChange(option.path);
  };
  const show = () => {
    setOpen(true);
    setActive(optionKey(value));
  };
  const move = (step: number) => {
    if (options.length === 0) return;
    const next = activeIndex < 0 ? (step > 0 ? 0 : options.length - 1) : (activeIndex + step + options.length) % options.length;
    setActive(options[next]!.key);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (!open) show();
        else if (!event.altKey) move(event.key === 'ArrowDown' ? 1 : -1);
        return;
      case 'Enter': {
        if (!open) return;
        // Chooses; never submits the form while the list is open.
        event.preventDefault();
        const option = options[activeIndex];
        if (option) choose(option);
        return;
      }
      case 'Escape':
        if (!open && query === null) return;
        event.preventDefault();
        event.stopPropagation();
        close();
        return;
      default:
        return;
    }
  };

  return (
    <div {...part('source-picker', classNames)} data-state={expanded ? 'open' : 'closed'}>
      <input
        {...part('source-input', classNames)}
        ref={inputRef}
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Search source fields"
        value={query ?? sourcePathText(groups, value)}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && activeIndex >= 0 ? optionId(activeIndex) : undefined}
        aria-invalid={invalid || undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
          setActive(null);
        }}
        // Typing then replaces the chosen field's text instead of adding to it.
        onFocus={(event) => event.currentTarget.select()}
        onClick={() => {
          if (!open) show();
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      {expanded ? (
        <div
          {...part('source-listbox', classNames)}
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label={`Source fields for ${label}`}
          // Keeps focus in the input, so a click chooses instead of blurring first.
          onMouseDown={(event) => event.preventDefault()}
        >
          {sections(options, groups.length > 1).map(({ group, items }, section) => {
            const rendered = items.map(({ option, index }) => (
              <div
                {...part('source-option', classNames)}
                key={option.key}
                id={optionId(index)}
                role="option"
                aria-selected={index === activeIndex}
                data-state={option.key === optionKey(value) ? 'checked' : 'unchecked'}
                data-highlighted={index === activeIndex ? '' : undefined}
                onClick={() => choose(option)}
              >
                <span {...part('source-option-label', classNames)}>{option.field?.label ?? option.text}</span>
                {option.field?.label !== undefined && <code {...part('source-option-path', classNames)}>{option.field.path}</code>}
              </div>
            ));
            return group ? (
              <Section key={group} id={`${id}-group-${items[0]!.index}`} label={group} classNames={classNames}>
                {rendered}
              </Section>
            ) : (
              <Fragment key={`section-${section}`}>{rendered}</Fragment>
            );
          })}
        </div>
      ) : (
        open && (
          <p {...part('source-empty', classNames)} role="status">
            No source field matches “{query}”.
          </p>
        )
      )}
    </div>
  );
}

function Section({ id, label, classNames, children }: { id: string; label: string; classNames: EditorClassNames; children: ReactNode }) {
  return (
    <div {...part('source-group', classNames)} role="group" aria-labelledby={id}>
      <div {...part('source-group-label', classNames)} id={id} role="presentation">
        {label}
      </div>
      {children}
    </div>
  );
}

/** Consecutive options under one heading; without headings when the schema is flat. */
function sections(options: PickerOption[], grouped: boolean) {
  const result: { group: string; items: { option: PickerOption; index: number }[] }[] = [];
  options.forEach((option, index) => {
    const group = grouped || option.group === 'Typed path' ? option.group : '';
    const last = result.at(-1);
    if (last && last.group === group) last.items.push({ option, index });
    else result.push({ group, items: [{ option, index }] });
  });
  return result;
}
