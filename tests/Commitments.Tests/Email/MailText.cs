namespace Commitments.Tests.Email;

internal static class MailText
{
    /// <summary>
    /// A body as it was typed, from a body read back from a message. Mail travels with CRLF line
    /// breaks, and a message that is a single text part ends with one more line break, which the format
    /// cannot tell apart from the text; mail programs do not show it. Nothing else is forgiven.
    /// </summary>
    public static string? AsTyped(string? body)
    {
        if (body == null)
        {
            return null;
        }
        var text = body.Replace("\r\n", "\n");
        return text.EndsWith('\n') ? text[..^1] : text;
    }
}
