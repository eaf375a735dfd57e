import { createContext, useContext, type Context } from 'react';

/**
 * The context a compound component's Root shares with its parts, and the hook the parts read it with; the hook
 * throws, naming the part and its Root, when a part is rendered outside one.
 */
export function createPartsContext<Value>(
  displayName: string,
  root: string,
): [context: Context<Value | null>, usePartsContext: (caller: string) => Value] {
  const PartsContext = createContext<Value | null>(null);
  PartsContext.displayName = displayName;
  function usePartsContext(caller: string): Value {
    const value = useContext(PartsContext);
    if (!value) throw new Error(`${caller} must be used inside ${root}.`);
    return value;
  }
  return [PartsContext, usePartsContext];
}
