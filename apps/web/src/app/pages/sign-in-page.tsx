import { zodResolver } from "@hookform/resolvers/zod";
import { signInSchema, type SignInInput } from "@gatehouse/shared";
import { useForm } from "react-hook-form";
import { useNavigate, useSearchParams } from "react-router";
import { Brand } from "@/components/ui/brand.tsx";
import { Field } from "@/components/ui/field.tsx";
import { RequestError } from "@/lib/api-client.ts";
import { paths } from "@/lib/paths.ts";
import { useSignIn } from "@/features/auth/api/sign-in.ts";

/** Only same-app paths are followed after sign-in, never another site. */
const safeNext = (next: string | null) => (next && next.startsWith("/") && !next.startsWith("//") ? next : paths.apis);

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const form = useForm<SignInInput>({ resolver: zodResolver(signInSchema), defaultValues: { username: "", password: "" } });
  const submit = form.handleSubmit((values) => signIn.mutate(values, { onSuccess: () => navigate(safeNext(params.get("next")), { replace: true }) }));
  const failure = signIn.error instanceof RequestError ? signIn.error.message : signIn.error ? "Sign-in failed. Try again." : null;

  return (
    <div className="auth-screen">
      <main className="auth-card">
        <Brand subtitle="Store API credentials" />
        <h1>Sign in</h1>
        <p className="hint">Sign in with your Gatehouse admin account.</p>
        <form onSubmit={submit} noValidate>
          {failure ? (
            <div className="banner danger" role="alert">
              {failure}
            </div>
          ) : null}
          <Field label="Username" error={form.formState.errors.username?.message}>
            <input className="input" autoComplete="username" autoFocus {...form.register("username")} />
          </Field>
          <Field label="Password" error={form.formState.errors.password?.message}>
            <input className="input" type="password" autoComplete="current-password" {...form.register("password")} />
          </Field>
          <button type="submit" className="button primary" disabled={signIn.isPending}>
            {signIn.isPending ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </main>
    </div>
  );
}
