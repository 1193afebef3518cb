using System.Diagnostics.CodeAnalysis;
using MimeKit;

namespace Commitments.Web.Email;

/// <summary>The one rule for what counts as a deliverable address, used when queueing and when sending.</summary>
internal static class MailAddresses
{
    /// <summary>The longest address the outbox column holds.</summary>
    public const int MaxLength = 320;

    // MimeKit's defaults are made for reading whatever arrives: they accept a bare local part ("jan")
    // and an unclosed "Jan <jan@x.nl". An address someone types in must be one that can be delivered.
    private static readonly ParserOptions Parser = CreateParser();

    private static ParserOptions CreateParser()
    {
        var parser = ParserOptions.Default.Clone();
        parser.AllowAddressesWithoutDomain = false;
        parser.AddressParserComplianceMode = RfcComplianceMode.Strict;
        return parser;
    }

    /// <summary>
    /// Parses exactly one mailbox ("jan@example.nl" or "Jan de Vries &lt;jan@example.nl&gt;"). Lists,
    /// groups, line breaks and addresses without a domain are refused.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Any(char.IsControl))
        {
            return false;
        }
        if (!MailboxAddress.TryParse(Parser, value.Trim(), out var parsed) || parsed.Domain.Length == 0)
        {
            return false;
        }
        mailbox = parsed;
        return true;
    }
}
