namespace Commitments.Core.Domain;

/// <summary>
/// An e-mail waiting to be delivered. Written in the same transaction as the change that causes it,
/// delivered by a background job, so that a mail server outage never loses or duplicates a message.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Earliest moment of the next delivery attempt (back-off after a failure).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>A delivery run that claimed this message holds it until this moment.</summary>
    public DateTime? LockedUntil { get; set; }

    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentAt { get; set; }

    /// <summary>Set when attempts are exhausted; an administrator can requeue.</summary>
    public DateTime? FailedAt { get; set; }
}
