/** The to-do centre (GET /api/v1/todo): one group per kind of work, each with its most pressing items. */

/** Something a user should act on, linking to where to do it. */
export interface TodoItem {
  id: string;
  title: string;
  subtitle?: string | null;
  /** web path that opens the record or page, e.g. /leads/<id> */
  link: string;
  /** when it is due or happens (return to pool, first contact due); ISO */
  dueAt?: string | null;
  /** overdue, or happening within a day */
  urgent?: boolean;
}

export interface TodoGroup {
  key: string;
  title: string;
  titleEn: string;
  /** how many in all; items holds at most the requested limit of them */
  total: number;
  items: TodoItem[];
}
