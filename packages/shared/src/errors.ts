/** The one error shape every endpoint answers with. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
