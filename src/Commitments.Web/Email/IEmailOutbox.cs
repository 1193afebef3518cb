namespace Commitments.Web.Email;

/// <summary>Queues an e-mail in the caller's unit of work; it is sent after the caller saves.</summary>
public interface IEmailOutbox
{
    void Enqueue(string to, string subject, string textBody, string? htmlBody = null);
}
