using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Commitments.Web.Email;

/// <summary>
/// Sends through an SMTP server with MailKit. Registered per scope, that is per delivery run: the
/// connection is opened on the first message and reused for the rest of the run, because mail
/// providers throttle clients that open a connection per message.
/// </summary>
public sealed partial class SmtpMailTransport(IOptions<EmailOptions> options, ILogger<SmtpMailTransport> logger)
    : IMailTransport, IAsyncDisposable, IDisposable
{
    /// <summary>
    /// Per network operation. Well below the five minutes a delivery run holds its claim on a message,
    /// so a hanging server cannot make a claim expire while we are still sending.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private SmtpClient? _client;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var client = await ConnectedClientAsync(cancellationToken);
            await client.SendAsync(message, cancellationToken);
        }
        catch
        {
            // After any failure the session state is unknown; the next message starts a fresh one.
            await CloseAsync();
            throw;
        }
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }
        await CloseAsync();
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new InvalidOperationException("Email:Smtp:Host is empty; without it e-mail goes to the pickup folder instead.");
        }
        var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }
        _client = client;
        return client;
    }

    internal static SecureSocketOptions Security(SmtpOptions smtp) => smtp switch
    {
        { UseStartTls: true } => SecureSocketOptions.StartTls,
        { Port: 465 } => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    private async Task CloseAsync()
    {
        var client = _client;
        _client = null;
        if (client == null)
        {
            return;
        }
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            // Saying goodbye is a courtesy; the messages are already accepted or already failed.
            LogDisconnectFailed(e);
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    // Hangfire disposes a job's scope synchronously, so the transport must support both.
    public void Dispose()
    {
        var client = _client;
        _client = null;
        if (client == null)
        {
            return;
        }
        try
        {
            if (client.IsConnected)
            {
                client.Disconnect(quit: true);
            }
        }
        catch (Exception e)
        {
            LogDisconnectFailed(e);
        }
        finally
        {
            client.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the SMTP connection failed")]
    private partial void LogDisconnectFailed(Exception exception);
}
