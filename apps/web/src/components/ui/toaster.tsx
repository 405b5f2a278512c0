import { Toaster as Sonner } from "sonner";

export { toast } from "sonner";

/** Toasts follow the system's light or dark setting, like the rest of the app. */
export function Toaster() {
  return <Sonner position="bottom-right" theme="system" richColors closeButton duration={5000} />;
}
