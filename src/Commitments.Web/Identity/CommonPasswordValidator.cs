using System.Collections.Frozen;
using System.Text.Json;
using Commitments.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace Commitments.Web.Identity;

/// <summary>
/// The password rules beyond the minimum length (ASVS 2.1): no composition rules, but no password
/// that attackers try first. Refused are passwords on the shipped list of common passwords
/// (CommonPasswords/passwords.json, 49,233 entries from leaked collections), a listed password with
/// digits or symbols around it ("Wachtwoord2018!"), the account's own e-mail address or its name part,
/// and passwords longer than <see cref="MaximumLength"/>. Case is ignored.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public const int MinimumLength = 12;

    /// <summary>Long passphrases are welcome; the cap only keeps absurd input out.</summary>
    public const int MaximumLength = 256;

    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        var core = lower.Trim(Decoration);
        return List.Value.Contains(lower) || (core.Length > 0 && List.Value.Contains(core));
    }

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success); // the length rule reports it
        }
        var errors = new List<IdentityError>();
        if (password.Length > MaximumLength)
        {
            errors.Add(Error("PasswordTooLong",
                $"Het wachtwoord mag hoogstens {MaximumLength} tekens lang zijn.",
                $"The password may be at most {MaximumLength} characters long."));
        }
        else if (IsCommon(password))
        {
            errors.Add(Error("PasswordTooCommon",
                "Dit wachtwoord staat op de lijst van veelgebruikte en gelekte wachtwoorden. Kies een ander, bijvoorbeeld een zin van een paar woorden.",
                "This password is on the list of common and leaked passwords. Choose another one, for example a sentence of a few words."));
        }
        else if (IsOwnAddress(password, user.Email ?? user.UserName))
        {
            errors.Add(Error("PasswordIsEmail",
                "Gebruik niet uw e-mailadres (of een deel ervan) als wachtwoord.",
                "Do not use your e-mail address (or part of it) as the password."));
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    private static bool IsOwnAddress(string password, string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return false;
        }
        var lower = password.ToLowerInvariant();
        var at = email.IndexOf('@');
        var name = (at > 0 ? email[..at] : email).ToLowerInvariant();
        return lower == email.ToLowerInvariant() || lower.Trim(Decoration) == name;
    }

    /// <summary>What people put around a common word to pass composition rules: digits and symbols.</summary>
    private static readonly char[] Decoration = "0123456789!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~ ".ToCharArray();

    private static IdentityError Error(string code, string dutch, string english) =>
        new() { Code = code, Description = $"{dutch} ({english})" };

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Commitments.Web.CommonPasswords.json")
                           ?? throw new InvalidOperationException("The embedded list of common passwords is missing.");
        var passwords = JsonSerializer.Deserialize<string[]>(stream)
                        ?? throw new InvalidOperationException("The embedded list of common passwords is empty.");
        return passwords.Select(p => p.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
    }
}
