using Microsoft.Extensions.Options;

namespace Commitments.Web.Email;

/// <summary>
/// Configuration section "Email". Without an SMTP host the product writes each message as an .eml
/// file into the data folder instead, so a fresh clone sends nothing into the world but every
/// message can still be read.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender address of every message.</summary>
    public string From { get; set; } = "no-reply@techniekpact.nl";

    /// <summary>The sender's display name.</summary>
    public string FromName { get; set; } = "Techniekpact";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Delivery attempts per message before it is marked failed (and left for an administrator).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How many due messages one delivery run reads at a time.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>True when messages go to an SMTP server, false when they go to the pickup folder.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

/// <summary>Configuration section "Email:Smtp".</summary>
public sealed class SmtpOptions
{
    /// <summary>The SMTP server. Empty means: write messages to the pickup folder.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Sign in only when a user name is set; a local relay usually needs none.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Require STARTTLS (the default, for submission on port 587). When false, port 465 uses TLS from
    /// the first byte and any other port talks plain SMTP, which is only fit for a relay on the same host.
    /// </summary>
    public bool UseStartTls { get; set; } = true;
}

/// <summary>Refuses a configuration that would only fail later, one message at a time.</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var errors = new List<string>();
        if (!MailAddresses.TryParse(options.From, out var from) || !string.IsNullOrEmpty(from.Name))
        {
            errors.Add($"Email:From '{options.From}' is not a plain e-mail address (the display name goes in Email:FromName).");
        }
        if (options.MaxAttempts < 1)
        {
            errors.Add("Email:MaxAttempts must be at least 1.");
        }
        if (options.BatchSize < 1)
        {
            errors.Add("Email:BatchSize must be at least 1.");
        }
        if (options.UsesSmtp && options.Smtp.Port is < 1 or > 65535)
        {
            errors.Add($"Email:Smtp:Port {options.Smtp.Port} is not a TCP port.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
