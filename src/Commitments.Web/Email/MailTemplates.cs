using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Commitments.Web.Email;

/// <summary>
/// The texts of the e-mails the product sends, one file per message and language in
/// <c>Email/Templates/&lt;name&gt;.&lt;nl|en&gt;.txt</c> (embedded): the first line is the subject, the rest the
/// body, with <c>{{placeholders}}</c>. Values are inserted as they are (the mail is plain text), except
/// that the subject is kept to one line and to the length the outbox holds.
/// </summary>
public static class MailTemplates
{
    private static readonly ConcurrentDictionary<string, string> Cache = new();

    public static (string Subject, string Body) Render(string name, string culture, IReadOnlyDictionary<string, string> values)
    {
        var language = culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "nl";
        var text = Cache.GetOrAdd($"{name}.{language}", Load);
        foreach (var (key, value) in values)
        {
            text = text.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        }
        var newline = text.IndexOf('\n');
        var subject = OneLine(text[..newline]);
        if (subject.Length > EmailOutbox.MaxSubjectLength)
        {
            subject = subject[..(EmailOutbox.MaxSubjectLength - 1)] + "…";
        }
        return (subject, text[(newline + 1)..].Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>The names of all templates, for tests that check every one exists in both languages.</summary>
    public static IEnumerable<string> Names =>
        typeof(MailTemplates).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..]);

    private const string Prefix = "Commitments.Web.Email.Templates.";

    private static string Load(string key)
    {
        using var stream = typeof(MailTemplates).Assembly.GetManifestResourceStream($"{Prefix}{key}.txt")
            ?? throw new InvalidOperationException($"There is no e-mail template {key}.txt in Email/Templates.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string OneLine(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString();
    }
}
