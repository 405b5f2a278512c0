import { useState, type ComponentProps } from "react";

type AddressInputProps = Omit<ComponentProps<"input">, "value" | "onChange"> & { value: string; onValue: (text: string) => void };

/**
 * An input whose value lives in the page's address (a search, a filter). The router changes the
 * address a moment later, in a transition; bound to it directly, the field would drop keys typed
 * meanwhile. So what was typed shows until the address has caught up with it, after which the
 * address rules again, and Back or a link changes the field too.
 */
export function AddressInput({ value, onValue, ...props }: AddressInputProps) {
  const [typed, setTyped] = useState<string | null>(null);
  if (typed !== null && typed === value) setTyped(null);
  return (
    <input
      {...props}
      value={typed ?? value}
      onChange={(event) => {
        setTyped(event.target.value);
        onValue(event.target.value);
      }}
    />
  );
}
