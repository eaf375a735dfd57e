import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createFormControl, useForm, type Resolver, type UseFormReturn } from 'react-hook-form';
import { TributaryError, type TributaryClient } from '../../client/index.ts';
import type {
  DataSourceRef,
  FieldMapping,
  FieldMappingState,
  MappingPreview,
  MappingSuggestions,
  SuggestionCandidate,
  TargetField,
} from '../../engine/index.ts';
import { dataSourceKey } from '../utils/dataSource.ts';
import { toDisplayError, type DisplayError } from '../utils/errors.ts';
import {
  EMPTY_ROW,
  canonical,
  mappingCheck,
  own,
  rowExpression,
  rowName,
  sameRow,
  toFieldMapping,
  toMappingFormValues,
  type MappingFormValues,
  type MappingRowName,
  type MappingRowValue,
} from '../utils/mappingForm.ts';
import { NO_ISSUES, groupIssues, type MappingIssue } from '../utils/mappingIssues.ts';
import { groupSourceFields, type SourceGroup } from '../utils/mappingSource.ts';
import { createMappingStore, type MappingStore } from '../utils/mappingStore.ts';
import { useFieldMapping } from './useFieldMapping.ts';
import { useTributaryClient } from './useTributaryClient.ts';
import { checkResolver } from '../utils/checkResolver.ts';

export interface FieldMappingEditorOptions {
  /** The form's mapping, controlled: the form takes it whenever it changes (pair it with `onValueChange`). */
  value?: FieldMapping;
  /** The mapping the form starts from instead of the saved one; the form is dirty from the start if they differ. */
  defaultValue?: FieldMapping;
  /** Called with the form's (unsaved) mapping whenever it changes. */
  onValueChange?: (mapping: FieldMapping) => void;
  /** Called with the stored mapping after a successful save. */
  onSaved?: (state: FieldMappingState) => void;
  /** Called when the user cancels, after the form went back to the saved mapping. */
  onCancel?: () => void;
  /** Called when the form starts or stops differing from the saved mapping. */
  onDirtyChange?: (dirty: boolean) => void;
  /** Fill unmapped fields with the suggestions above the engine's threshold while the mapping is the default or empty. @default true */
  prefillSuggestions?: boolean;
  /** Preview the form's mapping on sample records. @default true */
  preview?: boolean;
  /** How many sample records the preview maps. @default 3 */
  previewLimit?: number;
  /** Milliseconds after the last change before the preview asks again. @default 300 */
  previewDelay?: number;
}

export type MappingSaveStatus = 'idle' | 'invalid' | 'saving' | 'saved' | 'error';
export type MappingPreviewStatus = 'idle' | 'invalid' | 'loading' | 'success' | 'error';

export interface MappingPreviewState {
  status: MappingPreviewStatus;
  /** The last preview received, kept while a newer one loads or while the form is incomplete. */
  data: MappingPreview | undefined;
  error: DisplayError | undefined;
}

/** What changes while the user edits; read it with {@link useMappingEditorState}, ideally through a selector. */
export interface MappingEditorState {
  /** The form differs from the saved mapping. */
  dirty: boolean;
  save: { status: MappingSaveStatus; error: DisplayError | undefined };
  preview: MappingPreviewState;
  /** Problems the engine found in the mapping (the last preview, the last failed save), by target field key. */
  issues: Readonly<Record<string, readonly string[]>>;
  /** Those that concern no one field. */
  otherIssues: readonly string[];
}

/** One target field's row: stable between edits, so a row component memoized on it renders only for its own value. */
export interface MappingRowModel {
  index: number;
  /** The row's name in the form. */
  name: MappingRowName;
  field: TargetField;
  /** The row as last saved. */
  saved: MappingRowValue;
  /** Ranked source candidates, for a field the saved mapping leaves unmapped. */
  candidates: readonly SuggestionCandidate[];
}

export interface MappingSuggestionsState {
  status: 'loading' | 'success' | 'error';
  data: MappingSuggestions | undefined;
  error: DisplayError | undefined;
}

export interface FieldMappingEditorApi {
  /** `ready` once the mapping is loaded and the form holds it. */
  status: 'loading' | 'error' | 'ready';
  /** Why the mapping could not be loaded. */
  error: TributaryError | undefined;
  /** Loads the mapping again, after an error. */
  reload(): void;
  /** The loaded mapping state: target schema, source fields, saved mapping. */
  mapping: FieldMappingState | undefined;
  /** The react-hook-form form: `rows.<index>` per target field, and `onError`. */
  form: UseFormReturn<MappingFormValues>;
  rows: readonly MappingRowModel[];
  /** The source fields, grouped by parent path, for a picker. */
  sourceGroups: readonly SourceGroup[];
  suggestions: MappingSuggestionsState;
  /** Whether the app's default mapping is known (seen in this session), so the form can go back to it. */
  canResetToDefault: boolean;
  /** Validates and saves the form's mapping. */
  save(): Promise<void>;
  /** Puts the form back to the saved mapping. */
  cancel(): void;
  /** Puts the form to the app's default mapping (saved only with `save`). */
  resetToDefault(): void;
  /** Maps a row to a suggested source path. */
  accept(index: number, path: string): void;
  /** The state that changes while editing; see {@link useMappingEditorState}. */
  store: MappingStore<MappingEditorState>;
}

const NO_ROWS: readonly MappingRowModel[] = [];
const NO_CANDIDATES: readonly SuggestionCandidate[] = [];
const LOADING_SUGGESTIONS: MappingSuggestionsState = { status: 'loading', data: undefined, error: undefined };

const INITIAL_STATE: MappingEditorState = {
  dirty: false,
  save: { status: 'idle', error: undefined },
  preview: { status: 'idle', data: undefined, error: undefined },
  issues: {},
  otherIssues: NO_ISSUES,
};

type FormControl = ReturnType<typeof createFormControl<MappingFormValues>>;

/** One data source's editing session: a form of its own, and the saved mapping it is compared with. */
interface Session {
  key: string;
  loaded: FieldMappingState;
  fields: readonly TargetField[];
  saved: MappingFormValues;
  check: ReturnType<typeof mappingCheck>;
  resolver: Resolver<MappingFormValues>;
  control: FormControl;
  suggestions?: MappingSuggestionsState;
}

function startSession(key: string, loaded: FieldMappingState, options: FieldMappingEditorOptions): Session {
  const fields = loaded.target.fields;
  const saved = toMappingFormValues(loaded.mapping, fields);
  const check = mappingCheck(fields);
  const resolver = checkResolver(check);
  const given = options.value ?? options.defaultValue;
  return {
    key,
    loaded,
    fields,
    saved,
    check,
    resolver,
    control: createFormControl<MappingFormValues>({
      defaultValues: given ? toMappingFormValues(given, fields) : saved,
      resolver,
    }),
  };
}

/** The editor's side effects, outside React: dirty tracking, the debounced preview, suggestions, save. */
function createEditorRuntime(update: (control: FormControl, patch: Partial<Session>) => void) {
  const store = createMappingStore(INITIAL_STATE);
  // What the latest render had, for the callbacks and effects that run after it.
  let client: TributaryClient | undefined;
  let dataSource: DataSourceRef;
  let options: FieldMappingEditorOptions;
  let form: UseFormReturn<MappingFormValues>;
  let live: Session | null = null;
  /** The saved values the form is compared with; ahead of React state right after a save. */
  let saved: MappingFormValues | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let previewRun = 0;
  let suggestRun = 0;
  let previewIssues: readonly MappingIssue[] = [];
  let saveIssues: readonly MappingIssue[] = [];

  const active = () => {
    if (!live) throw new Error('The field mapping editor is not ready.');
    return live;
  };

  /** Compares the form with the saved values (a fraction of a millisecond for hundreds of rows). */
  const recount = (values: MappingFormValues) => {
    const dirty =
      values.onError !== saved?.onError ||
      active().fields.some((field, index) => !sameRow(values.rows[index], saved?.rows[index], field));
    if (dirty === store.get().dirty) return;
    store.set({ dirty });
    options.onDirtyChange?.(dirty);
  };

  /** The issues of the last preview and the last failed save, as the state has them. */
  const grouped = () => groupIssues([...saveIssues, ...previewIssues], active().fields, store.get());

  /** Sets the save's status, with the issues as they now are. */
  const setSave = (status: MappingSaveStatus, error?: DisplayError) => store.set({ save: { status, error }, ...grouped() });

  /** Previews the form's mapping now, if it is complete; an answer to an older request is dropped. */
  const preview = async () => {
    clearTimeout(timer);
    const session = active();
    if (options.preview === false) return;
    const run = ++previewRun;
    const values = form.getValues();
    const last = store.get().preview;
    const complete = session.check(values).length === 0;
    store.set({ preview: { ...last, status: complete ? 'loading' : 'invalid' } });
    if (!complete) return;
    try {
      const data = await client!.previewMapping(dataSource, toFieldMapping(values, session.fields), options.previewLimit ?? 3);
      if (run !== previewRun) return;
      // The preview checked the mapping as it is now, which supersedes what the last save was told.
      previewIssues = data.issues;
      saveIssues = [];
      store.set({ preview: { status: 'success', data, error: undefined }, ...grouped() });
    } catch (error) {
      if (run === previewRun) store.set({ preview: { ...last, status: 'error', error: toDisplayError(error) } });
    }
  };

  /** Asks for suggestions for the fields `mapping` (the saved one) leaves unmapped; with `prefill`, fills them in. */
  const suggest = async (prefill: boolean, mapping: FieldMapping) => {
    const session = active();
    const run = ++suggestRun;
    let result: MappingSuggestionsState;
    try {
      result = { status: 'success', data: await client!.suggestMapping(dataSource, mapping), error: undefined };
    } catch (error) {
      result = { status: 'error', data: undefined, error: toDisplayError(error) };
    }
    if (run !== suggestRun) return;
    update(session.control, { suggestions: result });
    if (!prefill) return;
    // Rows unmapped in the form and as saved take the engine's pre-filled candidates.
    session.fields.forEach((field, index) => {
      const expression = result.data && own(result.data.prefilled.fields, field.key);
      const name = rowName(index);
      const row = form.getValues(name) ?? EMPTY_ROW;
      if (!expression || !('path' in expression) || rowExpression(row, field) || rowExpression(session.saved.rows[index] ?? EMPTY_ROW, field)) {
        return;
      }
      form.setValue(name, { ...row, kind: 'path', path: expression.path, as: expression.as ?? '' });
    });
    void preview();
  };

  /**
   * Puts `next` in the form row by row, so rows it does not change do not render; with `previous`, only where the
   * form still holds it (what the user changed stays).
   */
  const put = (next: MappingFormValues, previous?: MappingFormValues) => {
    active().fields.forEach((field, index) => {
      const name = rowName(index);
      const current = form.getValues(name);
      if (!sameRow(current, next.rows[index], field) && (!previous || sameRow(current, previous.rows[index], field))) {
        form.setValue(name, next.rows[index] ?? EMPTY_ROW);
      }
    });
    const onError = form.getValues('onError');
    if (previous ? onError === previous.onError : onError !== next.onError) form.setValue('onError', next.onError);
  };

  return {
    /** What the editor's API takes as it is. */
    api: {
      store,

      reload(): void {
        void client?.fieldMapping(dataSource).refresh().catch(() => {});
      },

      async save(): Promise<void> {
        active();
        await form.handleSubmit(
          async (values) => {
            const session = active();
            setSave('saving');
            try {
              const stored = await client!.saveFieldMapping(dataSource, toFieldMapping(values, session.fields));
              if (live?.control !== session.control) return;
              const next = toMappingFormValues(stored.mapping, session.fields);
              const now = form.getValues();
              saved = next;
              update(session.control, { loaded: stored, saved: next });
              // Edits made while the save was on the way stay; the rest show what was stored.
              form.reset({
                rows: next.rows.map((row, index) =>
                  sameRow(now.rows[index], values.rows[index], session.fields[index]!) ? row : (now.rows[index] ?? row),
                ),
                onError: now.onError === values.onError ? next.onError : now.onError,
              });
              saveIssues = [];
              setSave('saved');
              options.onSaved?.(stored);
              void suggest(false, stored.mapping);
            } catch (error) {
              saveIssues = error instanceof TributaryError ? (error.issues ?? []) : [];
              setSave('error', toDisplayError(error));
            }
          },
          () => setSave('invalid'),
        )();
      },

      cancel(): void {
        active();
        saveIssues = [];
        if (saved) form.reset(saved);
        setSave('idle');
        options.onCancel?.();
      },

      resetToDefault(): void {
        const { loaded, fields } = active();
        form.reset(toMappingFormValues(loaded.defaultMapping, fields));
        setSave('idle');
      },

      accept(index: number, path: string): void {
        active();
        const name = rowName(index);
        form.setValue(name, { ...(form.getValues(name) ?? EMPTY_ROW), kind: 'path', path }, { shouldValidate: form.getFieldState(name).invalid });
      },
    },

    /** Takes what the latest render had. */
    sync(...next: [TributaryClient, DataSourceRef, FieldMappingEditorOptions, UseFormReturn<MappingFormValues>, Session | null]): void {
      [client, dataSource, options, form, live] = next;
    },

    /** Starts a session; returns its cleanup. */
    start(): () => void {
      const session = active();
      const { loaded } = session;
      // Suggestions fill the form of a default or empty mapping, unless the host gave the form its own.
      const prefill =
        options.prefillSuggestions !== false &&
        !(options.value ?? options.defaultValue) &&
        (loaded.isDefault || Object.keys(loaded.mapping.fields).length === 0);
      saved = session.saved;
      previewIssues = [];
      saveIssues = [];
      store.set(INITIAL_STATE);
      recount(form.getValues());
      const unsubscribe = form.subscribe({
        formState: { values: true },
        callback: ({ values }) => {
          recount(values);
          options.onValueChange?.(toFieldMapping(values, active().fields));
          clearTimeout(timer);
          if (options.preview !== false) timer = setTimeout(() => void preview(), options.previewDelay ?? 300);
        },
      });
      void suggest(prefill, loaded.mapping);
      if (!prefill) void preview();
      return () => {
        unsubscribe();
        clearTimeout(timer);
        previewRun++;
        suggestRun++;
      };
    },

    /** Takes a newer saved mapping: rows the user has not changed follow it, changed ones stay. */
    follow(next: MappingFormValues): void {
      const previous = saved;
      if (!previous || previous === next) return;
      saved = next;
      put(next, previous);
      recount(form.getValues());
      void suggest(false, active().loaded.mapping);
    },

    /** Puts `mapping` in the form, row by row, so rows it does not change do not render. */
    take(mapping: FieldMapping): void {
      put(toMappingFormValues(mapping, active().fields));
    },
  };
}

/**
 * The field mapping editor without its markup: the loaded mapping, a react-hook-form form with one row per target
 * field, suggestions, a debounced live preview, and save / cancel / reset. The returned object changes only when the
 * mapping loads or is saved and when suggestions arrive, not on each edit; read what changes on each edit (dirty,
 * save status, preview, engine issues) with {@link useMappingEditorState}.
 */
export function useFieldMappingEditor(
  dataSource: DataSourceRef,
  options: FieldMappingEditorOptions = {},
): FieldMappingEditorApi {
  const client = useTributaryClient();
  const snapshot = useFieldMapping(dataSource);
  const key = dataSourceKey(dataSource);
  const loaded = snapshot.data;

  // Derived while rendering, so rows mount with the form already holding their values.
  const [session, setSession] = useState<Session | null>(null);
  let current = session;
  if (loaded && (session?.key !== key || loaded !== session.loaded)) {
    const was = session?.key === key ? session.loaded : undefined;
    // A newer state of the same data source (someone saved, maybe us) keeps the session unless the schema changed;
    // the saved values change only with the mapping, as new ones make the form follow them and ask for suggestions.
    current =
      session && was && canonical(loaded.target) === canonical(was.target)
        ? {
            ...session,
            loaded,
            saved:
              loaded.isDefault === was.isDefault && canonical(loaded.mapping) === canonical(was.mapping)
                ? session.saved
                : toMappingFormValues(loaded.mapping, session.fields),
          }
        : startSession(key, loaded, options);
    setSession(current);
  }
  const ready = current?.key === key ? current : null;
  const form = useForm<MappingFormValues>({ formControl: ready?.control.formControl, resolver: ready?.resolver });

  const [runtime] = useState(() =>
    createEditorRuntime((control, patch) =>
      setSession((previous) => (previous?.control === control ? { ...previous, ...patch } : previous)),
    ),
  );

  useEffect(() => {
    runtime.sync(client, dataSource, options, form, ready);
  });
  const control = ready?.control;
  useEffect(() => (control ? runtime.start() : undefined), [runtime, control]);
  const saved = ready?.saved;
  useEffect(() => {
    if (saved) runtime.follow(saved);
  }, [runtime, saved]);
  const { value } = options;
  useEffect(() => {
    if (control && value) runtime.take(value);
  }, [runtime, control, value]);

  const suggestions = ready?.suggestions ?? LOADING_SUGGESTIONS;
  const suggestionData = suggestions.data;
  const fields = ready?.fields;
  const rows = useMemo(() => {
    if (!fields || !saved) return NO_ROWS;
    const candidates = new Map(suggestionData?.suggestions.map((entry) => [entry.field, entry.candidates]));
    return fields.map(
      (field, index): MappingRowModel => ({
        index,
        name: rowName(index),
        field,
        saved: saved.rows[index] ?? EMPTY_ROW,
        candidates: candidates.get(field.key) ?? NO_CANDIDATES,
      }),
    );
  }, [fields, saved, suggestionData]);

  const status = ready ? 'ready' : snapshot.status === 'error' ? 'error' : 'loading';
  const loadError = snapshot.error;
  const mapping = ready?.loaded;
  return useMemo(
    () => ({
      status,
      error: status === 'error' ? loadError : undefined,
      mapping,
      form,
      rows,
      sourceGroups: groupSourceFields(mapping?.sourceFields ?? []),
      suggestions,
      canResetToDefault: status === 'ready',
      ...runtime.api,
    }),
    [status, loadError, mapping, form, rows, suggestions, runtime],
  );
}

/**
 * Reads the editor's changing state (dirty, save, preview, engine issues), re-rendering only when what `selector`
 * picks changes. The selector must return something stable for unchanged input (a field of the state, not a new object).
 */
export function useMappingEditorState<T = MappingEditorState>(
  editor: Pick<FieldMappingEditorApi, 'store'>,
  selector?: (state: MappingEditorState) => T,
): T {
  const { store } = editor;
  const read = () => (selector ? selector(store.get()) : (store.get() as T));
  return useSyncExternalStore(store.subscribe, read, read);
}
