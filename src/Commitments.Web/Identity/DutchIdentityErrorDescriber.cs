using Microsoft.AspNetCore.Identity;

namespace Commitments.Web.Identity;

/// <summary>Identity's messages in Dutch, with the English after it, as every message in the product.</summary>
public sealed class DutchIdentityErrorDescriber : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string dutch, string english) =>
        new() { Code = code, Description = $"{dutch} ({english})" };

    public override IdentityError DefaultError() =>
        Error(nameof(DefaultError), "Er ging iets mis.", "Something went wrong.");

    public override IdentityError DuplicateEmail(string email) =>
        Error(nameof(DuplicateEmail), $"Er bestaat al een account met e-mailadres {email}.", $"An account with e-mail address {email} already exists.");

    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), $"Er bestaat al een account met de naam {userName}.", $"An account named {userName} already exists.");

    public override IdentityError InvalidEmail(string? email) =>
        Error(nameof(InvalidEmail), $"'{email}' is geen geldig e-mailadres.", $"'{email}' is not a valid e-mail address.");

    public override IdentityError InvalidToken() =>
        Error(nameof(InvalidToken), "Deze link is verlopen of al gebruikt. Vraag een nieuwe aan.", "This link has expired or was already used. Request a new one.");

    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), $"Het wachtwoord moet minstens {length} tekens lang zijn.", $"The password must be at least {length} characters long.");

    public override IdentityError PasswordRequiresDigit() =>
        Error(nameof(PasswordRequiresDigit), "Het wachtwoord moet minstens één cijfer bevatten.", "The password must contain at least one digit.");

    public override IdentityError PasswordRequiresLower() =>
        Error(nameof(PasswordRequiresLower), "Het wachtwoord moet minstens één kleine letter bevatten.", "The password must contain at least one lowercase letter.");

    public override IdentityError PasswordRequiresUpper() =>
        Error(nameof(PasswordRequiresUpper), "Het wachtwoord moet minstens één hoofdletter bevatten.", "The password must contain at least one uppercase letter.");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), "Het wachtwoord moet minstens één leesteken bevatten.", "The password must contain at least one symbol.");

    public override IdentityError PasswordMismatch() =>
        Error(nameof(PasswordMismatch), "Het wachtwoord klopt niet.", "The password is incorrect.");

    public override IdentityError UserLockoutNotEnabled() =>
        Error(nameof(UserLockoutNotEnabled), "Blokkeren is voor dit account niet ingeschakeld.", "Lockout is not enabled for this account.");
}
