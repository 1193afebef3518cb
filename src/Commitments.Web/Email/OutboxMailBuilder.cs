using System.Globalization;
using Commitments.Core.Domain;
using MimeKit;

namespace Commitments.Web.Email;

/// <summary>
/// Turns an outbox row into the message every transport sends, so SMTP and the pickup folder deliver
/// exactly the same bytes for the same row.
/// </summary>
internal static class OutboxMailBuilder
{
    public static MimeMessage Build(OutboxMessage message, EmailOptions options)
    {
        if (!MailAddresses.TryParse(message.To, out var to))
        {
            throw new FormatException($"Outbox message {message.Id} has no valid recipient address.");
        }
        var from = new MailboxAddress(options.FromName, options.From);
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            // The moment the change that caused the message happened, not the moment of this attempt:
            // a retry produces the same message.
            Date = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc)),
            MessageId = MessageId(message, from.Domain),
        };
        mime.From.Add(from);
        mime.To.Add(to);
        var body = new BodyBuilder { TextBody = message.TextBody };
        if (!string.IsNullOrEmpty(message.HtmlBody))
        {
            body.HtmlBody = message.HtmlBody;
        }
        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>
    /// Derived from the outbox row, so that when a send was uncertain (the server took the message but
    /// the connection broke before we could record it) the retry carries the same Message-Id and
    /// receiving systems can drop the duplicate. The creation moment is part of it so a rebuilt database,
    /// whose ids start again at 1, never reuses an id of earlier mail.
    /// </summary>
    public static string MessageId(OutboxMessage message, string domain) =>
        string.Create(CultureInfo.InvariantCulture,
            $"outbox.{message.Id}.{message.CreatedAt.Ticks:x}@{(string.IsNullOrEmpty(domain) ? "techniekpact.local" : domain)}");
}
