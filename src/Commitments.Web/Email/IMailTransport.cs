using MimeKit;

namespace Commitments.Web.Email;

/// <summary>Hands one finished message to the outside world. Throws when that did not succeed.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
