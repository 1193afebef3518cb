using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Commitments.Web.Privacy;

/// <summary>
/// Keeps e-mail addresses out of plain logs. Logs name ids; where text from elsewhere must be logged
/// (an SMTP server's refusal quotes the recipient) the addresses in it are replaced by a short hash,
/// so that log lines about the same address can still be matched without showing it.
/// </summary>
public static partial class PersonalData
{
    /// <summary>"mail:" and the first 10 hex digits of the SHA-256 of the trimmed, lower-cased address.</summary>
    public static string HashAddress(string address)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant()));
        return "mail:" + Convert.ToHexStringLower(bytes)[..10];
    }

    /// <summary>The text with every e-mail address in it replaced by its hash.</summary>
    public static string RedactAddresses(string text) => Address().Replace(text, m => HashAddress(m.Value));

    [GeneratedRegex(@"[^\s<>()\[\]""',;:@]+@[^\s<>()\[\]""',;:@]+\.[^\s<>()\[\]""',;:@]+")]
    private static partial Regex Address();
}
