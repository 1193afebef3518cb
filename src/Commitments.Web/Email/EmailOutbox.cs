using Commitments.Core.Domain;
using Commitments.Core.Persistence;

namespace Commitments.Web.Email;

/// <inheritdoc />
public sealed class EmailOutbox(CommitmentsDbContext db, TimeProvider time) : IEmailOutbox
{
    /// <summary>The longest subject the outbox column holds.</summary>
    public const int MaxSubjectLength = 300;

    public void Enqueue(string to, string subject, string textBody, string? htmlBody = null)
    {
        // Checked here rather than at delivery, so the page or job that asks gets the error while it
        // can still tell someone, instead of a message that fails eight times in the background.
        if (!MailAddresses.TryParse(to, out _))
        {
            throw new ArgumentException($"'{to}' is not a valid e-mail address: give one address such as naam@organisatie.nl.", nameof(to));
        }
        if (string.IsNullOrWhiteSpace(subject))
        {
            throw new ArgumentException("An e-mail needs a subject.", nameof(subject));
        }
        if (subject.Length > MaxSubjectLength)
        {
            throw new ArgumentException($"The subject is {subject.Length} characters long; at most {MaxSubjectLength} are allowed.", nameof(subject));
        }
        if (subject.Contains('\r') || subject.Contains('\n'))
        {
            throw new ArgumentException("The subject must be a single line.", nameof(subject));
        }
        ArgumentNullException.ThrowIfNull(textBody);

        var now = time.GetUtcNow().UtcDateTime;
        db.OutboxMessages.Add(new OutboxMessage
        {
            To = to.Trim(),
            Subject = subject,
            TextBody = textBody,
            HtmlBody = htmlBody,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
