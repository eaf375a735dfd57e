import { zodResolver } from '@hookform/resolvers/zod';
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
  mappingSchema,
  rowExpression,
  rowName,
  sameRow,
  toFieldMapping,
  toMappingFormValues,
  type MappingFormValues,
  type MappingRowName,
  type MappingRowValue,
} from '../utils/mappingForm.ts';
import { NO_ISSUES, groupIssues, type GroupedIssues, type MappingIssue } from '../utils/mappingIssues.ts';
import { groupSourceFields, type SourceGroup } from '../utils/mappingSource.ts';
import { createMappingStore, type MappingStore } from '../utils/mappingStore.ts';
import { useFieldMapping } from './useFieldMapping.ts';
import { useTributaryClient } from './useTributaryClient.ts';

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
const NO_GROUPS: readonly SourceGroup[] = [];
const NO_CANDIDATES: readonly SuggestionCandidate[] = [];
const NO_GROUPED: GroupedIssues = { byField: {}, other: NO_ISSUES };
const LOADING_SUGGESTIONS: MappingSuggestionsState = { status: 'loading', data: undefined, error: undefined };

const INITIAL_STATE: MappingEditorState = {
  dirty: false,
  save: { status: 'idle', error: undefined },
  preview: { status: 'idle', data: undefined, error: undefined },
  issues: NO_GROUPED.byField,
  otherIssues: NO_GROUPED.other,
};

type FormControl = ReturnType<typeof createFormControl<MappingFormValues>>;

/** One data source's editing session: a form of its own, and the saved mapping it is compared with. */
interface Session {
  key: string;
  loaded: FieldMappingState;
  fields: readonly TargetField[];
  groups: readonly SourceGroup[];
  saved: MappingFormValues;
  /** What "reset to default" restores: the host's or app's default, as the engine gives it. */
  defaults: MappingFormValues;
  schema: ReturnType<typeof mappingSchema>;
  resolver: Resolver<MappingFormValues>;
  control: FormControl;
  /** Whether suggestions may fill the form when they arrive. */
  prefill: boolean;
}

function startSession(key: string, loaded: FieldMappingState, options: FieldMappingEditorOptions): Session {
  const fields = loaded.target.fields;
  const saved = toMappingFormValues(loaded.mapping, fields);
  const schema = mappingSchema(fields);
  const resolver = zodResolver(schema);
  const given = options.value ?? options.defaultValue;
  const start = given ? toMappingFormValues(given, fields) : saved;
  return {
    key,
    loaded,
    fields,
    groups: groupSourceFields(loaded.sourceFields),
    saved,
    defaults: toMappingFormValues(loaded.defaultMapping, fields),
    schema,
    resolver,
    control: createFormControl<MappingFormValues>({ defaultValues: start, resolver }),
    prefill:
      options.prefillSuggestions !== false &&
      !given &&
      (loaded.isDefault || Object.keys(loaded.mapping.fields).length === 0),
  };
}

/** A newer state of the same data source: someone saved (maybe us), or the schema changed. */
function adopt(session: Session, loaded: FieldMappingState, options: FieldMappingEditorOptions): Session {
  if (canonical(loaded.target) !== canonical(session.loaded.target)) return startSession(session.key, loaded, options);
  const groups =
    canonical(loaded.sourceFields) === canonical(session.loaded.sourceFields) ? session.groups : groupSourceFields(loaded.sourceFields);
  if (loaded.isDefault === session.loaded.isDefault && canonical(loaded.mapping) === canonical(session.loaded.mapping)) {
    return { ...session, loaded, groups };
  }
  const saved = toMappingFormValues(loaded.mapping, session.fields);
  return { ...session, loaded, groups, saved, defaults: toMappingFormValues(loaded.defaultMapping, session.fields) };
}

interface Environment {
  client: TributaryClient;
  dataSource: DataSourceRef;
  options: FieldMappingEditorOptions;
  session: Session | null;
  form: UseFormReturn<MappingFormValues>;
}

type SuggestionsResult = MappingSuggestionsState & { control: FormControl };

type EditorRuntime = ReturnType<typeof createEditorRuntime>;

/** The editor's side effects, outside React: dirty tracking, the debounced preview, suggestions, save. */
function createEditorRuntime(
  onSuggestions: (result: SuggestionsResult) => void,
  onSaved: (control: FormControl, loaded: FieldMappingState, saved: MappingFormValues) => void,
) {
  const store = createMappingStore(INITIAL_STATE);
  let env: Environment | undefined;
  /** The saved values the form is compared with; ahead of React state right after a save. */
  let saved: MappingFormValues | undefined;
  const dirtyRows = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let previewRun = 0;
  let suggestRun = 0;
  let previewIssues: readonly MappingIssue[] = [];
  let saveIssues: readonly MappingIssue[] = [];
  let grouped = NO_GROUPED;

  const active = () => {
    if (!env?.session) throw new Error('The field mapping editor is not ready.');
    return { ...env, session: env.session };
  };

  /** Compares the form with the saved values: row `index` alone, or every row. */
  const recount = (values: MappingFormValues, index?: number) => {
    if (index === undefined) dirtyRows.clear();
    active().session.fields.forEach((field, at) => {
      if (index !== undefined && at !== index) return;
      if (sameRow(values.rows[at], saved?.rows[at], field)) dirtyRows.delete(at);
      else dirtyRows.add(at);
    });
    const dirty = dirtyRows.size > 0 || values.onError !== saved?.onError;
    if (dirty === store.get().dirty) return;
    store.set({ dirty });
    active().options.onDirtyChange?.(dirty);
  };

  const setIssues = (): Pick<MappingEditorState, 'issues' | 'otherIssues'> => {
    grouped = groupIssues([...saveIssues, ...previewIssues], active().session.fields, grouped);
    return { issues: grouped.byField, otherIssues: grouped.other };
  };

  const setSave = (status: MappingSaveStatus, error?: DisplayError, issues?: Partial<MappingEditorState>) =>
    store.set({ save: { status, error }, ...issues });

  /** Previews the form's mapping now, if it is complete; an answer to an older request is dropped. */
  const preview = async () => {
    clearTimeout(timer);
    const { client, dataSource, options, session, form } = active();
    if (options.preview === false) return;
    const run = ++previewRun;
    const values = form.getValues();
    const last = store.get().preview;
    if (!session.schema.safeParse(values).success) {
      store.set({ preview: { ...last, status: 'invalid' } });
      return;
    }
    store.set({ preview: { ...last, status: 'loading' } });
    try {
      const data = await client.previewMapping(dataSource, toFieldMapping(values, session.fields), options.previewLimit ?? 3);
      if (run !== previewRun) return;
      // The preview checked the mapping as it is now, which supersedes what the last save was told.
      previewIssues = data.issues;
      saveIssues = [];
      store.set({ preview: { status: 'success', data, error: undefined }, ...setIssues() });
    } catch (error) {
      if (run !== previewRun) return;
      store.set({ preview: { ...last, status: 'error', error: toDisplayError(error) } });
    }
  };

  /** Asks for suggestions for the fields `mapping` (the saved one) leaves unmapped; with `prefill`, fills them in. */
  const suggest = async (prefill: boolean, mapping: FieldMapping) => {
    const { client, dataSource, session, form } = active();
    const run = ++suggestRun;
    try {
      const data = await client.suggestMapping(dataSource, mapping);
      if (run !== suggestRun) return;
      onSuggestions({ control: session.control, status: 'success', data, error: undefined });
      // Rows unmapped in the form and as saved take the engine's pre-filled candidates.
      if (prefill) {
        session.fields.forEach((field, index) => {
          const expression = Object.hasOwn(data.prefilled.fields, field.key) ? data.prefilled.fields[field.key] : undefined;
          if (!expression || !('path' in expression)) return;
          const name = rowName(index);
          const row = form.getValues(name) ?? EMPTY_ROW;
          if (rowExpression(row, field) || rowExpression(session.saved.rows[index] ?? EMPTY_ROW, field)) return;
          form.setValue(name, { ...row, kind: 'path', path: expression.path, as: expression.as ?? '' });
        });
      }
    } catch (error) {
      if (run !== suggestRun) return;
      onSuggestions({ control: session.control, status: 'error', data: undefined, error: toDisplayError(error) });
    }
    if (prefill) void preview();
  };

  /** Puts the rows of `next` for which `replace` holds in the form, row by row, so other rows do not render. */
  const putRows = (next: MappingFormValues, replace: (current: MappingRowValue, index: number, field: TargetField) => boolean) => {
    const { form, session } = active();
    session.fields.forEach((field, index) => {
      const name = rowName(index);
      if (replace(form.getValues(name), index, field)) form.setValue(name, next.rows[index] ?? EMPTY_ROW);
    });
  };

  return {
    store,

    /** Takes what the latest render had, for the callbacks and effects that run after it. */
    sync(next: Environment): void {
      env = next;
    },

    /** Starts a session; returns its cleanup. */
    start(): () => void {
      const { form, session } = active();
      saved = session.saved;
      previewIssues = [];
      saveIssues = [];
      grouped = NO_GROUPED;
      store.set(INITIAL_STATE);
      recount(form.getValues());
      const unsubscribe = form.subscribe({
        formState: { values: true },
        callback: ({ name, values }) => {
          const index = name?.startsWith('rows.') ? Number(name.slice('rows.'.length)) : Number.NaN;
          recount(values, Number.isInteger(index) ? index : undefined);
          const { options, session: current } = active();
          options.onValueChange?.(toFieldMapping(values, current.fields));
          clearTimeout(timer);
          if (options.preview !== false) timer = setTimeout(() => void preview(), options.previewDelay ?? 300);
        },
      });
      void suggest(session.prefill, session.loaded.mapping);
      if (!session.prefill) void preview();
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
      const { form, session } = active();
      saved = next;
      putRows(next, (current, index, field) => {
        const before = previous.rows[index];
        return sameRow(current, before, field) && !sameRow(next.rows[index], before, field);
      });
      if (form.getValues('onError') === previous.onError) form.setValue('onError', next.onError);
      recount(form.getValues());
      void suggest(false, session.loaded.mapping);
    },

    /** Puts `mapping` in the form, row by row, so rows it does not change do not render. */
    take(mapping: FieldMapping): void {
      const { form, session } = active();
      const next = toMappingFormValues(mapping, session.fields);
      putRows(next, (current, index, field) => !sameRow(current, next.rows[index], field));
      if (form.getValues('onError') !== next.onError) form.setValue('onError', next.onError);
    },

    async save(): Promise<void> {
      const { form } = active();
      await form.handleSubmit(
        async (values) => {
          const { client, dataSource, options, session } = active();
          setSave('saving');
          try {
            const stored = await client.saveFieldMapping(dataSource, toFieldMapping(values, session.fields));
            if (env?.session?.control !== session.control) return;
            const next = toMappingFormValues(stored.mapping, session.fields);
            const now = form.getValues();
            saved = next;
            onSaved(session.control, stored, next);
            // Edits made while the save was on the way stay; the rest show what was stored.
            form.reset({
              rows: next.rows.map((row, index) =>
                sameRow(now.rows[index], values.rows[index], session.fields[index]!) ? row : (now.rows[index] ?? row),
              ),
              onError: now.onError === values.onError ? next.onError : now.onError,
            });
            saveIssues = [];
            setSave('saved', undefined, setIssues());
            options.onSaved?.(stored);
            void suggest(false, stored.mapping);
          } catch (error) {
            saveIssues = error instanceof TributaryError ? (error.issues ?? []) : [];
            setSave('error', toDisplayError(error), setIssues());
          }
        },
        () => setSave('invalid'),
      )();
    },

    reload(): void {
      if (env) void env.client.fieldMapping(env.dataSource).refresh().catch(() => {});
    },

    cancel(): void {
      const { form, options } = active();
      saveIssues = [];
      if (saved) form.reset(saved);
      setSave('idle', undefined, setIssues());
      options.onCancel?.();
    },

    resetToDefault(): void {
      const { form, session } = active();
      form.reset(session.defaults);
      setSave('idle');
    },

    accept(index: number, path: string): void {
      const { form } = active();
      const name = rowName(index);
      const row = form.getValues(name) ?? EMPTY_ROW;
      form.setValue(name, { ...row, kind: 'path', path }, { shouldValidate: form.getFieldState(name).invalid });
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
  if (loaded && (!session || session.key !== key)) {
    current = startSession(key, loaded, options);
    setSession(current);
  } else if (loaded && session && loaded !== session.loaded) {
    current = adopt(session, loaded, options);
    setSession(current);
  }
  const ready = current?.key === key ? current : null;
  const form = useForm<MappingFormValues>({ formControl: ready?.control.formControl, resolver: ready?.resolver });

  const [suggested, setSuggested] = useState<SuggestionsResult | null>(null);
  const [runtime] = useState<EditorRuntime>(() =>
    createEditorRuntime(setSuggested, (control, stored, saved) =>
      setSession((previous) => (previous?.control === control ? { ...previous, loaded: stored, saved } : previous)),
    ),
  );

  useEffect(() => {
    runtime.sync({ client, dataSource, options, session: ready, form });
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

  const suggestions = useMemo(
    (): MappingSuggestionsState => (suggested && suggested.control === control ? suggested : LOADING_SUGGESTIONS),
    [suggested, control],
  );
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
  const groups = ready?.groups ?? NO_GROUPS;
  const canResetToDefault = ready?.defaults !== undefined;
  return useMemo(
    () => ({
      status,
      error: status === 'error' ? loadError : undefined,
      reload: runtime.reload,
      mapping,
      form,
      rows,
      sourceGroups: groups,
      suggestions,
      canResetToDefault,
      save: runtime.save,
      cancel: runtime.cancel,
      resetToDefault: runtime.resetToDefault,
      accept: runtime.accept,
      store: runtime.store,
    }),
    [status, loadError, mapping, form, rows, groups, suggestions, canResetToDefault, runtime],
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
