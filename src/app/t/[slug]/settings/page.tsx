import { redirect } from "next/navigation";
import { SETTINGS_SECTIONS } from "./sections";

/** /t/[slug]/settings → its first section. */
export default async function SettingsIndex({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  redirect(`/t/${slug}/settings${SETTINGS_SECTIONS[0]?.href ?? "/jobs"}`);
}
