using Commitments.Core.Domain;

namespace Commitments.Web.Reminders;

/// <summary>Dutch names of the reminder rungs (the key for the English text in the resources).</summary>
public static class ReminderLabels
{
    public static string Label(ReminderKind kind) => kind switch
    {
        ReminderKind.BeforeDeadline => "Herinnering vóór de termijn",
        ReminderKind.OnDeadline => "Herinnering op de laatste dag",
        ReminderKind.AfterDeadline => "Herinnering na de termijn",
        _ => "Escalatie naar de landsdeeltrekker",
    };
}
