using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Commitments.Web;

/// <summary>
/// Messages of forms and pages (validation errors, confirmations, refusals) in the language of the
/// request. As everywhere (ADR-0008) the Dutch text is the key and the English lives in
/// Resources/Messages.en.resx; arguments are formatted in the reader's culture (1.234 or 1,234).
/// A static lookup rather than an injected localizer, because the messages are written in page models,
/// form classes and model binding alike; the culture is the request's (the thread's current UI culture).
/// DataAnnotations attributes name their Dutch text as ErrorMessage and are looked up in the same file
/// (<see cref="WebInterfaceSetup"/>).
/// </summary>
public static class Messages
{
    private static readonly ResourceManager Resources = new("Commitments.Web.Resources.Messages", typeof(Messages).Assembly);

    public static string Text(string dutch, params object?[] args)
    {
        var text = UiCulture.IsDutch ? dutch : English(dutch) ?? dutch;
        return args.Length == 0 ? text : string.Format(UiFormat.Culture, text, args);
    }

    /// <summary>The English text, or null when the file has none (then the Dutch is shown rather than nothing).</summary>
    private static string? English(string dutch)
    {
        try
        {
            return Resources.GetString(dutch, CultureInfo.CurrentUICulture);
        }
        catch (MissingManifestResourceException)
        {
            // Not in the English file, and there is no neutral file to fall back on (Dutch is the key).
            return null;
        }
    }

    /// <summary>
    /// What model binding says about a value it cannot read (a date field holding "morgen", a number
    /// field holding letters), in Dutch or English instead of ASP.NET's English. The field is not named:
    /// the error summary links the message to its field, whose label the reader sees.
    /// </summary>
    public static void Apply(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => Text("De waarde ‘{0}’ is hier niet geldig.", value));
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Text("De waarde ‘{0}’ is hier niet geldig.", value));
        messages.SetValueIsInvalidAccessor(value => Text("De waarde ‘{0}’ is hier niet geldig.", value));
        messages.SetUnknownValueIsInvalidAccessor(_ => Text("De ingevulde waarde is hier niet geldig."));
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Text("De ingevulde waarde is hier niet geldig."));
        messages.SetValueMustNotBeNullAccessor(_ => Text("Vul hier een waarde in."));
        messages.SetMissingBindRequiredValueAccessor(_ => Text("Vul hier een waarde in."));
        messages.SetMissingKeyOrValueAccessor(() => Text("Vul hier een waarde in."));
        messages.SetMissingRequestBodyRequiredValueAccessor(() => Text("Het formulier kwam leeg aan. Probeer het opnieuw."));
        messages.SetValueMustBeANumberAccessor(_ => Text("Vul hier een getal in."));
        messages.SetNonPropertyValueMustBeANumberAccessor(() => Text("Vul hier een getal in."));
    }
}
