import type { BulkAction } from "../api/bulk-action.ts";

/** What a bulk action does, said of one key or of several. */
export const bulkWords: Record<BulkAction, { verb: string; done: string; consequence: (count: number) => string }> = {
  enable: {
    verb: "Enable",
    done: "enabled",
    consequence: (count) => (count === 1 ? "This key works again from the next request on." : "These keys work again from the next request on."),
  },
  disable: {
    verb: "Disable",
    done: "disabled",
    consequence: (count) => `Every call with ${count === 1 ? "this key" : "these keys"} is refused from the next request on, including open sessions.`,
  },
  delete: {
    verb: "Delete",
    done: "deleted",
    consequence: (count) =>
      count === 1
        ? "Any integration still using it stops working at once, and the key cannot be restored. If you are not sure nothing depends on it, disable it first and watch its history. Its history is kept."
        : "Any integration still using them stops working at once, and the keys cannot be restored. If you are not sure nothing depends on them, disable them first and watch their history. Their history is kept.",
  },
};
