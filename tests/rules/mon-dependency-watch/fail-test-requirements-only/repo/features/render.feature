Feature: Render the project template

  Scenario: Render with the default answers
    Given I have a config file with the default answers
    When I render the template
    Then the project folder exists
