namespace Commitments.Tests.Infrastructure;

/// <summary>The demo accounts the application seeds, by role.</summary>
public static class DemoAccounts
{
    public const string Admin = "admin@techniekpact.test";
    public const string Ocw = "ocw@techniekpact.test";
    public const string Ezk = "ezk@techniekpact.test";
    public const string TrekkerNoord = "trekker.noord@techniekpact.test";
    public const string TrekkerZuid = "trekker.zuid@techniekpact.test";
    public const string PartnerDrenthe = "partner.drenthe@techniekpact.test";
    public const string PartnerGroningen = "partner.groningen@techniekpact.test";
    public const string PartnerLimburg = "partner.limburg@techniekpact.test";

    public const string Drenthe = "Provincie Drenthe";
    public const string GroningenBusiness = "Noordelijke Installatietechniek B.V.";
    public const string LimburgSchool = "Techniekcollege Limburg";
}
