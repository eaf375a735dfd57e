import { useCallback, useState } from 'react';

/** A value that is controlled when `value` is given (`null` included) and kept internally otherwise. */
export function useControllableState<T>(
  value: T | null | undefined,
  defaultValue: T | undefined,
  onChange: ((next: T) => void) | undefined,
): [T | null | undefined, (next: T) => void] {
  const [internal, setInternal] = useState<T | undefined>(defaultValue);
  const controlled = value !== undefined;
  const setValue = useCallback(
    (next: T) => {
      if (!controlled) setInternal(next);
      onChange?.(next);
    },
    [controlled, onChange],
  );
  return [controlled ? value : internal, setValue];
}
