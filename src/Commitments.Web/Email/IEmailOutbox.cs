namespace Commitments.Web.Email;

/// <summary>
/// Queues an e-mail as part of the caller's unit of work. Nothing is sent here: the message is added
/// to the caller's <see cref="Core.Persistence.CommitmentsDbContext"/> and commits (or not) with the
/// change that causes it, when the caller saves. A background job delivers it afterwards.
/// </summary>
public interface IEmailOutbox
{
    /// <exception cref="ArgumentException">The address, subject or body cannot be sent.</exception>
    void Enqueue(string to, string subject, string textBody, string? htmlBody = null);
}
