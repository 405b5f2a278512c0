import * as RadixDialog from "@radix-ui/react-dialog";
import { useEffect, useState, type ReactNode } from "react";

/** Where the sidebar comes back (shell.css folds it away below this width). */
const sidebarWidth = "(min-width: 768px)";

/**
 * The navigation on a phone: a Menu button opening a drawer from the left. It is a modal dialog,
 * so focus stays inside while it is open, Escape or a tap outside closes it, and focus returns to
 * the button. `children` receives `close`, for links that leave the page.
 */
export function NavDrawer({ children }: { children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  // Turned sideways or resized past the breakpoint, the sidebar shows the same links again.
  useEffect(() => {
    if (!open) return;
    const media = window.matchMedia(sidebarWidth);
    const closeWhenWide = () => media.matches && setOpen(false);
    media.addEventListener("change", closeWhenWide);
    return () => media.removeEventListener("change", closeWhenWide);
  }, [open]);
  return (
    <RadixDialog.Root open={open} onOpenChange={setOpen}>
      <RadixDialog.Trigger className="menu-button">
        <MenuIcon />
        Menu
      </RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="drawer-overlay" />
        <RadixDialog.Content className="drawer" aria-describedby={undefined}>
          <RadixDialog.Title className="visually-hidden">Menu</RadixDialog.Title>
          {children(() => setOpen(false))}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** The drawer's close button, for its header. */
export function CloseDrawer() {
  return (
    <RadixDialog.Close className="drawer-close" aria-label="Close menu">
      <span aria-hidden="true">×</span>
    </RadixDialog.Close>
  );
}

function MenuIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
