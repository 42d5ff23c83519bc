namespace PrivacyGuard.AspNetCore.Tests.Logging;

/// <summary>A customer as an application might log it: personal and non-personal properties, nested and in lists.</summary>
public sealed class LoggedCustomer
{
    [PersonalData(PersonalDataCategory.Email)]
    public string? Email { get; set; }

    [PersonalData(PersonalDataCategory.Name)]
    public string? Name { get; set; }

    [PersonalData(PersonalDataCategory.IpAddress)]
    public string? LastIp { get; set; }

    public string? Plan { get; set; }

    public int OrderCount { get; set; }

    public LoggedAddress? Home { get; set; }

    public List<LoggedContact> Contacts { get; set; } = [];
}

/// <summary>A nested object with one personal property.</summary>
public sealed class LoggedAddress
{
    [PersonalData(PersonalDataCategory.FreeText)]
    public string? Street { get; set; }

    public string? City { get; set; }
}

/// <summary>A list element with one personal property.</summary>
public sealed class LoggedContact
{
    [PersonalData(PersonalDataCategory.Email)]
    public string? Email { get; set; }

    public string? Label { get; set; }
}

/// <summary>A type with no personal data of its own that holds a customer.</summary>
public sealed class LoggedOrder
{
    public int Id { get; set; }

    public LoggedCustomer? Buyer { get; set; }
}

internal static class LoggedPeople
{
    public const string Email = "alice.liddell@example.com";
    public const string Name = "Alice Liddell";
    public const string Ip = "203.0.113.77";
    public const string Street = "12 Rabbit Hole Lane";
    public const string ContactEmail = "bob.builder@example.org";

    public static LoggedCustomer Alice() => new()
    {
        Email = Email,
        Name = Name,
        LastIp = Ip,
        Plan = "gold-plan",
        OrderCount = 42,
        Home = new LoggedAddress { Street = Street, City = "Oxford" },
        Contacts = [new LoggedContact { Email = ContactEmail, Label = "work-contact" }],
    };

    public static readonly string[] RawValues = [Email, Name, Ip, Street, ContactEmail];
}
