using System.Globalization;
using System.Text;
using Commitments.Core.Domain;

namespace Commitments.Web.Evidence;

/// <summary>
/// The name an evidence file is shown and offered for download under. It is the uploaded name as
/// typed, except what could do harm: folders in front of it (C:\Users\…\ or ../), control characters
/// (line breaks in a header) and invisible formatting characters (a right-to-left override that makes
/// "rapport‮fdp.exe" look like "rapportexe.pdf"). The ending always tells the truth: a name that does
/// not end in an extension of the type found in the content gets that extension added.
/// The file itself is never stored under this name (<see cref="EvidenceStorage"/>).
/// </summary>
public static class EvidenceFileName
{
    public const string Fallback = "bewijsstuk";

    public static string For(string? uploaded, EvidenceFileType type)
    {
        var name = Clean(uploaded);
        if (!type.Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            name += type.Extension;
        }
        return Shorten(name, ProgressEvidence.FileNameMaxLength);
    }

    /// <summary>The last path segment, without control and formatting characters, trimmed of spaces and dots.</summary>
    public static string Clean(string? uploaded)
    {
        var value = uploaded ?? "";
        var lastSeparator = value.LastIndexOfAny(['/', '\\']);
        value = value[(lastSeparator + 1)..];
        var builder = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse)
            {
                continue;
            }
            builder.Append(rune.ToString());
        }
        var cleaned = builder.ToString().Trim().Trim('.').Trim();
        return cleaned.Length == 0 ? Fallback : cleaned;
    }

    /// <summary>Keeps the ending when a name is longer than the column: the middle of the name goes.</summary>
    private static string Shorten(string name, int max)
    {
        if (name.Length <= max)
        {
            return name;
        }
        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 10 ? name[dot..] : "";
        var stem = name[..(name.Length - extension.Length)];
        var keep = max - extension.Length - 1;
        // Do not cut a surrogate pair in half.
        if (keep > 0 && char.IsHighSurrogate(stem[keep - 1]))
        {
            keep--;
        }
        return stem[..keep] + "…" + extension;
    }
}
