// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/question.h"
#include "core/vsphere/wait.h"

#include <doctest/doctest.h>

using namespace vmrun::core;
using vmrun::transport::XmlDocument;

TEST_CASE("question_error")
{
  SUBCASE("a question: its text and each choice's summary, else its label")
  {
    const auto doc = XmlDocument::parse(
      R"(<val xmlns="urn:vim25" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><id>_vmx1</id><text>Moved or
copied?</text><choice><choiceInfo xsi:type="ElementDescription"><label>button.uuid.cancel</label><summary>Cancel</summary><key>0</key></choiceInfo><choiceInfo xsi:type="ElementDescription"><label>I Copied It</label><summary></summary><key>2</key></choiceInfo><defaultIndex>1</defaultIndex></choice></val>)");
    const auto error = question_error(doc.root());
    REQUIRE(error);
    CHECK(
      std::string(error->what()) ==
      "The virtual machine is waiting for an answer: Moved or\ncopied? (choices: Cancel, I Copied It)");
    CHECK_THROWS_AS(throw_if_asked(doc.root()), Error);
  }
  SUBCASE("no question: an unset value or an empty one")
  {
    CHECK_FALSE(question_error({}));
    const auto doc = XmlDocument::parse(R"(<val xmlns="urn:vim25"></val>)");
    CHECK_FALSE(question_error(doc.root()));
    CHECK_NOTHROW(throw_if_asked(doc.root()));
  }
}

TEST_CASE("read_task_info: a queued task has not ended and reports no progress")
{
  TaskResult result;
  std::optional<vmrun::transport::SoapFault> failure;
  int told = 0;
  const auto doc = XmlDocument::parse(R"(<val xmlns="urn:vim25"><state>queued</state></val>)");
  CHECK_FALSE(read_task_info(
    doc.root(), [&](std::uint64_t, std::uint64_t) { ++told; }, result, failure));
  CHECK(told == 0);
  CHECK_FALSE(failure);
}
